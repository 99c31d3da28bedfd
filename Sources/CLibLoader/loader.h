#ifndef WS_LOADER_INTERNAL_H
#define WS_LOADER_INTERNAL_H
#include "include/CLibLoader.h"

void *ws_libgit2_symbol(const char *name);
void *ws_libcurl_symbol(const char *name);

/* A function of the same name and signature as the library's: the first call
   looks the real one up (loading the library if need be) and every call goes
   on to it. If the library cannot be loaded the call fails with `failed`;
   callers check ws_load_* first, so that only happens on a broken install. */
#define WS_TRAMPOLINE(lib, ret, name, params, args, failed)                      \
    ret name params {                                                            \
        static ret (*cached) params;                                             \
        ret (*fn) params = __atomic_load_n(&cached, __ATOMIC_ACQUIRE);           \
        if (fn == NULL) {                                                        \
            fn = (ret (*) params) ws_##lib##_symbol(#name);                      \
            if (fn == NULL) return failed;                                       \
            __atomic_store_n(&cached, fn, __ATOMIC_RELEASE);                     \
        }                                                                        \
        return fn args;                                                          \
    }

#define WS_TRAMPOLINE_VOID(lib, name, params, args)                              \
    void name params {                                                           \
        static void (*cached) params;                                            \
        void (*fn) params = __atomic_load_n(&cached, __ATOMIC_ACQUIRE);          \
        if (fn == NULL) {                                                        \
            fn = (void (*) params) ws_##lib##_symbol(#name);                     \
            if (fn == NULL) return;                                              \
            __atomic_store_n(&cached, fn, __ATOMIC_RELEASE);                     \
        }                                                                        \
        fn args;                                                                 \
    }

#endif
