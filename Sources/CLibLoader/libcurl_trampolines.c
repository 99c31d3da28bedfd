/* The libcurl functions ws calls, each forwarding to the library opened on
   first use (see loader.h), and the typed wrappers for its variadic calls,
   which Swift cannot make. */
#include "../CCurl/shim.h"
#include "loader.h"

#define CURL_FN(ret, name, params, args, failed) WS_TRAMPOLINE(libcurl, ret, name, params, args, failed)
#define CURL_VOID(name, params, args) WS_TRAMPOLINE_VOID(libcurl, name, params, args)

CURL_FN(CURLcode, curl_global_init, (long flags), (flags), CURLE_FAILED_INIT)
CURL_FN(CURL *, curl_easy_init, (void), (), NULL)
CURL_FN(CURLcode, curl_easy_perform, (CURL *curl), (curl), CURLE_FAILED_INIT)
CURL_VOID(curl_easy_cleanup, (CURL *curl), (curl))
CURL_FN(const char *, curl_easy_strerror, (CURLcode code), (code), "libcurl could not be loaded")
CURL_FN(struct curl_slist *, curl_slist_append, (struct curl_slist *list, const char *string), (list, string), NULL)
CURL_VOID(curl_slist_free_all, (struct curl_slist *list), (list))

typedef CURLcode (*setopt_fn)(CURL *, CURLoption, ...);
typedef CURLcode (*getinfo_fn)(CURL *, CURLINFO, ...);

static setopt_fn setopt(void) { return (setopt_fn) ws_libcurl_symbol("curl_easy_setopt"); }

CURLcode ws_curl_setopt_long(CURL *h, CURLoption o, long v) { setopt_fn f = setopt(); return f ? f(h, o, v) : CURLE_FAILED_INIT; }
CURLcode ws_curl_setopt_string(CURL *h, CURLoption o, const char *v) { setopt_fn f = setopt(); return f ? f(h, o, v) : CURLE_FAILED_INIT; }
CURLcode ws_curl_setopt_pointer(CURL *h, CURLoption o, void *v) { setopt_fn f = setopt(); return f ? f(h, o, v) : CURLE_FAILED_INIT; }
CURLcode ws_curl_setopt_slist(CURL *h, CURLoption o, struct curl_slist *v) { setopt_fn f = setopt(); return f ? f(h, o, v) : CURLE_FAILED_INIT; }
CURLcode ws_curl_setopt_write_function(CURL *h, CURLoption o, ws_curl_write_callback fn) { setopt_fn f = setopt(); return f ? f(h, o, fn) : CURLE_FAILED_INIT; }

CURLcode ws_curl_getinfo_long(CURL *h, CURLINFO i, long *v) {
    getinfo_fn f = (getinfo_fn) ws_libcurl_symbol("curl_easy_getinfo");
    return f ? f(h, i, v) : CURLE_FAILED_INIT;
}
