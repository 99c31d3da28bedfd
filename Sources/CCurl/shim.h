#ifndef WS_CURL_SHIM_H
#define WS_CURL_SHIM_H

/* libcurl's declarations only: the library itself is opened on first use by
   the CLibLoader target, which also defines the functions below. */
#include <curl/curl.h>

/* curl_easy_setopt and curl_easy_getinfo are variadic, which Swift cannot call: one typed wrapper per argument kind. */
CURLcode ws_curl_setopt_long(CURL *h, CURLoption o, long v);
CURLcode ws_curl_setopt_string(CURL *h, CURLoption o, const char *v);
CURLcode ws_curl_setopt_pointer(CURL *h, CURLoption o, void *v);
CURLcode ws_curl_setopt_slist(CURL *h, CURLoption o, struct curl_slist *v);
typedef size_t (*ws_curl_write_callback)(char *ptr, size_t size, size_t nmemb, void *userdata);
CURLcode ws_curl_setopt_write_function(CURL *h, CURLoption o, ws_curl_write_callback f);
CURLcode ws_curl_getinfo_long(CURL *h, CURLINFO i, long *v);

#endif
