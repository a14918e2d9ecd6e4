// libcurl, loaded at run time with dlopen.
//
// The Lambda binaries must not carry a versioned link to libcurl (Debian tags its symbols CURL_OPENSSL_4,
// Amazon Linux 2023 ships libcurl-minimal), so nothing here is linked: ccurl_load() resolves the handful of
// entry points the HTTP module uses, and the wrappers below give Swift non-variadic, typed calls.
#ifndef CCURL_H
#define CCURL_H

#include <curl/curl.h>
#include <stddef.h>

/// Loads libcurl and resolves every function used. Returns 0 on success; otherwise writes a message
/// naming the library or symbol that failed into `error` and returns -1. Safe to call more than once.
int ccurl_load(char *error, size_t error_length);

/// The libcurl version string ("8.5.0"), or NULL before ccurl_load succeeded.
const char *ccurl_version(void);

/// 1 when the loaded libcurl speaks HTTP/2 (built with nghttp2), else 0.
int ccurl_supports_http2(void);

CURL *ccurl_easy_init(void);
void ccurl_easy_cleanup(CURL *handle);
void ccurl_easy_reset(CURL *handle);
CURLcode ccurl_easy_perform(CURL *handle);
const char *ccurl_easy_strerror(CURLcode code);
/// curl_easy_pause: CURLPAUSE_CONT resumes a transfer whose write callback returned CURL_WRITEFUNC_PAUSE.
CURLcode ccurl_easy_pause(CURL *handle, int bitmask);

CURLcode ccurl_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode ccurl_setopt_offset(CURL *handle, CURLoption option, curl_off_t value);
CURLcode ccurl_setopt_pointer(CURL *handle, CURLoption option, const void *value);
CURLcode ccurl_setopt_write_function(CURL *handle, CURLoption option,
                                     size_t (*function)(char *, size_t, size_t, void *));
CURLcode ccurl_setopt_read_function(CURL *handle, size_t (*function)(char *, size_t, size_t, void *));

CURLcode ccurl_getinfo_long(CURL *handle, CURLINFO info, long *value);
CURLcode ccurl_getinfo_offset(CURL *handle, CURLINFO info, curl_off_t *value);
CURLcode ccurl_getinfo_string(CURL *handle, CURLINFO info, const char **value);

struct curl_slist *ccurl_slist_append(struct curl_slist *list, const char *string);
void ccurl_slist_free_all(struct curl_slist *list);

CURLM *ccurl_multi_init(void);
CURLMcode ccurl_multi_add_handle(CURLM *multi, CURL *handle);
CURLMcode ccurl_multi_remove_handle(CURLM *multi, CURL *handle);
CURLMcode ccurl_multi_perform(CURLM *multi, int *running);
CURLMcode ccurl_multi_poll(CURLM *multi, int timeout_ms, int *numfds);
CURLMcode ccurl_multi_wakeup(CURLM *multi);
CURLMcode ccurl_multi_setopt_long(CURLM *multi, CURLMoption option, long value);
/// Returns the next finished transfer: its easy handle and result code. Returns 0 when there is none.
int ccurl_multi_next_done(CURLM *multi, CURL **handle, CURLcode *result);
const char *ccurl_multi_strerror(CURLMcode code);

#endif
