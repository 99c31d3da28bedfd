#include "loader.h"
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <git2/version.h>

/* One handle per library, opened once; the first failure is remembered so
   every later caller gets the same message. */
struct library {
    const char *names[3];
    pthread_once_t once;
    void *handle;
    char error[512];
};

/* Only the soname the headers were built against: a plain "libgit2.so" could be another
   version, whose structures (git_index_entry, git_tree_update) need not match ours. */
static struct library libgit2 = { { "libgit2.so." LIBGIT2_SOVERSION, NULL, NULL }, PTHREAD_ONCE_INIT, NULL, "" };
static struct library libcurl = { { "libcurl.so.4", NULL, NULL }, PTHREAD_ONCE_INIT, NULL, "" };

static void open_library(struct library *lib) {
    for (int i = 0; lib->names[i] != NULL; i++) {
        lib->handle = dlopen(lib->names[i], RTLD_NOW | RTLD_LOCAL);
        if (lib->handle != NULL) return;
        if (i == 0) {
            const char *why = dlerror();
            snprintf(lib->error, sizeof lib->error, "%s", why ? why : lib->names[i]);
        }
    }
}

static void open_libgit2(void) { open_library(&libgit2); }
static void open_libcurl(void) { open_library(&libcurl); }

static int load(struct library *lib, void (*opener)(void), char *message, size_t length) {
    pthread_once(&lib->once, opener);
    if (lib->handle != NULL) return 0;
    if (message != NULL && length > 0) snprintf(message, length, "%s", lib->error);
    return -1;
}

int ws_load_libgit2(char *message, size_t length) { return load(&libgit2, open_libgit2, message, length); }
int ws_load_libcurl(char *message, size_t length) { return load(&libcurl, open_libcurl, message, length); }

void *ws_libgit2_symbol(const char *name) {
    return load(&libgit2, open_libgit2, NULL, 0) == 0 ? dlsym(libgit2.handle, name) : NULL;
}

void *ws_libcurl_symbol(const char *name) {
    return load(&libcurl, open_libcurl, NULL, 0) == 0 ? dlsym(libcurl.handle, name) : NULL;
}
