#ifndef CCURL_H
#define CCURL_H

// Typed wrappers around libcurl's variadic calls (`curl_easy_setopt`, `curl_easy_getinfo`),
// which Swift cannot call: one function per argument type, so that each option is set with
// the C type libcurl reads from the argument list.

#include <curl/curl.h>

/// `curl_global_init(CURL_GLOBAL_DEFAULT)` exactly once per process, whoever calls first;
/// returns its result (later calls return the first result).
CURLcode ccurl_global_init_once(void);

CURLcode ccurl_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode ccurl_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value);
CURLcode ccurl_setopt_string(CURL *handle, CURLoption option, const char *value);
CURLcode ccurl_setopt_pointer(CURL *handle, CURLoption option, void *value);
CURLcode ccurl_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value);

/// The signature of CURLOPT_WRITEFUNCTION and CURLOPT_HEADERFUNCTION.
typedef size_t (*ccurl_data_callback)(char *data, size_t size, size_t count, void *userdata);

CURLcode ccurl_setopt_write_callback(CURL *handle, ccurl_data_callback callback);
CURLcode ccurl_setopt_header_callback(CURL *handle, ccurl_data_callback callback);

CURLcode ccurl_getinfo_long(CURL *handle, CURLINFO info, long *value);
CURLcode ccurl_getinfo_double(CURL *handle, CURLINFO info, double *value);
CURLcode ccurl_getinfo_off_t(CURL *handle, CURLINFO info, curl_off_t *value);

#endif
