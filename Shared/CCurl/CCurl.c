#include "CCurl.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

// Tried in order. On Lambda (provided.al2023) libcurl.so.4 comes from libcurl-minimal in /usr/lib64.
static const char *const library_names[] = {"libcurl.so.4", "libcurl-gnutls.so.4", "libcurl.so", NULL};

static struct {
    CURLcode (*global_init)(long);
    curl_version_info_data *(*version_info)(CURLversion);
    CURL *(*easy_init)(void);
    void (*easy_cleanup)(CURL *);
    void (*easy_reset)(CURL *);
    CURLcode (*easy_perform)(CURL *);
    const char *(*easy_strerror)(CURLcode);
    CURLcode (*easy_pause)(CURL *, int);
    CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
    CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
    struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
    void (*slist_free_all)(struct curl_slist *);
    CURLM *(*multi_init)(void);
    CURLMcode (*multi_add_handle)(CURLM *, CURL *);
    CURLMcode (*multi_remove_handle)(CURLM *, CURL *);
    CURLMcode (*multi_perform)(CURLM *, int *);
    CURLMcode (*multi_poll)(CURLM *, struct curl_waitfd *, unsigned int, int, int *);
    CURLMcode (*multi_wakeup)(CURLM *);
    CURLMcode (*multi_setopt)(CURLM *, CURLMoption, ...);
    CURLMsg *(*multi_info_read)(CURLM *, int *);
    const char *(*multi_strerror)(CURLMcode);
} api;

static pthread_mutex_t load_lock = PTHREAD_MUTEX_INITIALIZER;
static int loaded = 0;
static const char *version_string = NULL;
static int has_http2 = 0;


#if defined(__linux__) && !defined(__GLIBC__)
// musl (the Static Linux SDK) has no dlopen: the binary is fully static and libcurl is linked into it
// (the Makefile adds the SDK's static libcurl when it builds this way), so the table points straight at it.
#define CCURL_STATIC_LIBCURL 1
#endif

#ifdef CCURL_STATIC_LIBCURL
#define RESOLVE(field, symbol) (*(void **)(&api.field) = (void *)&symbol)
#else
#define RESOLVE(field, symbol)                                                                   \
    do {                                                                                         \
        *(void **)(&api.field) = dlsym(library, #symbol);                                        \
        if (api.field == NULL) {                                                                 \
            snprintf(error, error_length, "libcurl (%s) has no symbol %s", used_name, #symbol);  \
            pthread_mutex_unlock(&load_lock);                                                    \
            return -1;                                                                           \
        }                                                                                        \
    } while (0)
#endif

int ccurl_load(char *error, size_t error_length) {
    pthread_mutex_lock(&load_lock);
    if (loaded) {
        pthread_mutex_unlock(&load_lock);
        return 0;
    }
#ifndef CCURL_STATIC_LIBCURL
    void *library = NULL;
    const char *used_name = NULL;
    char last_error[512] = "";
    for (int i = 0; library_names[i] != NULL && library == NULL; i++) {
        library = dlopen(library_names[i], RTLD_NOW | RTLD_LOCAL);
        if (library != NULL) {
            used_name = library_names[i];
        } else {
            const char *message = dlerror();
            snprintf(last_error, sizeof last_error, "%s", message ? message : "unknown error");
        }
    }
    if (library == NULL) {
        snprintf(error, error_length, "cannot load libcurl (tried libcurl.so.4, libcurl-gnutls.so.4, libcurl.so): %s",
                 last_error);
        pthread_mutex_unlock(&load_lock);
        return -1;
    }
#endif
    RESOLVE(global_init, curl_global_init);
    RESOLVE(version_info, curl_version_info);
    RESOLVE(easy_init, curl_easy_init);
    RESOLVE(easy_cleanup, curl_easy_cleanup);
    RESOLVE(easy_reset, curl_easy_reset);
    RESOLVE(easy_perform, curl_easy_perform);
    RESOLVE(easy_strerror, curl_easy_strerror);
    RESOLVE(easy_pause, curl_easy_pause);
    RESOLVE(easy_setopt, curl_easy_setopt);
    RESOLVE(easy_getinfo, curl_easy_getinfo);
    RESOLVE(slist_append, curl_slist_append);
    RESOLVE(slist_free_all, curl_slist_free_all);
    RESOLVE(multi_init, curl_multi_init);
    RESOLVE(multi_add_handle, curl_multi_add_handle);
    RESOLVE(multi_remove_handle, curl_multi_remove_handle);
    RESOLVE(multi_perform, curl_multi_perform);
    RESOLVE(multi_poll, curl_multi_poll);
    RESOLVE(multi_wakeup, curl_multi_wakeup);
    RESOLVE(multi_setopt, curl_multi_setopt);
    RESOLVE(multi_info_read, curl_multi_info_read);
    RESOLVE(multi_strerror, curl_multi_strerror);
    // curl_global_init is not thread-safe on old libcurl versions; it runs once, under the lock.
    CURLcode code = api.global_init(CURL_GLOBAL_ALL);
    if (code != CURLE_OK) {
        snprintf(error, error_length, "curl_global_init failed: %s", api.easy_strerror(code));
        pthread_mutex_unlock(&load_lock);
        return -1;
    }
    curl_version_info_data *info = api.version_info(CURLVERSION_NOW);
    version_string = info ? info->version : NULL;
    has_http2 = info && (info->features & CURL_VERSION_HTTP2) ? 1 : 0;
    loaded = 1;
    pthread_mutex_unlock(&load_lock);
    return 0;
}

const char *ccurl_version(void) { return version_string; }
int ccurl_supports_http2(void) { return has_http2; }

CURL *ccurl_easy_init(void) { return api.easy_init(); }
void ccurl_easy_cleanup(CURL *handle) { api.easy_cleanup(handle); }
void ccurl_easy_reset(CURL *handle) { api.easy_reset(handle); }
CURLcode ccurl_easy_perform(CURL *handle) { return api.easy_perform(handle); }
const char *ccurl_easy_strerror(CURLcode code) { return api.easy_strerror(code); }
CURLcode ccurl_easy_pause(CURL *handle, int bitmask) { return api.easy_pause(handle, bitmask); }

CURLcode ccurl_setopt_long(CURL *handle, CURLoption option, long value) {
    return api.easy_setopt(handle, option, value);
}
CURLcode ccurl_setopt_offset(CURL *handle, CURLoption option, curl_off_t value) {
    return api.easy_setopt(handle, option, value);
}
CURLcode ccurl_setopt_pointer(CURL *handle, CURLoption option, const void *value) {
    return api.easy_setopt(handle, option, value);
}
CURLcode ccurl_setopt_write_function(CURL *handle, CURLoption option,
                                     size_t (*function)(char *, size_t, size_t, void *)) {
    return api.easy_setopt(handle, option, function);
}
CURLcode ccurl_setopt_read_function(CURL *handle, size_t (*function)(char *, size_t, size_t, void *)) {
    return api.easy_setopt(handle, CURLOPT_READFUNCTION, function);
}

CURLcode ccurl_getinfo_long(CURL *handle, CURLINFO info, long *value) { return api.easy_getinfo(handle, info, value); }
CURLcode ccurl_getinfo_offset(CURL *handle, CURLINFO info, curl_off_t *value) {
    return api.easy_getinfo(handle, info, value);
}
CURLcode ccurl_getinfo_string(CURL *handle, CURLINFO info, const char **value) {
    return api.easy_getinfo(handle, info, value);
}

struct curl_slist *ccurl_slist_append(struct curl_slist *list, const char *string) {
    return api.slist_append(list, string);
}
void ccurl_slist_free_all(struct curl_slist *list) { api.slist_free_all(list); }

CURLM *ccurl_multi_init(void) { return api.multi_init(); }
CURLMcode ccurl_multi_add_handle(CURLM *multi, CURL *handle) { return api.multi_add_handle(multi, handle); }
CURLMcode ccurl_multi_remove_handle(CURLM *multi, CURL *handle) { return api.multi_remove_handle(multi, handle); }
CURLMcode ccurl_multi_perform(CURLM *multi, int *running) { return api.multi_perform(multi, running); }
CURLMcode ccurl_multi_poll(CURLM *multi, int timeout_ms, int *numfds) {
    return api.multi_poll(multi, NULL, 0, timeout_ms, numfds);
}
CURLMcode ccurl_multi_wakeup(CURLM *multi) { return api.multi_wakeup(multi); }
CURLMcode ccurl_multi_setopt_long(CURLM *multi, CURLMoption option, long value) {
    return api.multi_setopt(multi, option, value);
}
int ccurl_multi_next_done(CURLM *multi, CURL **handle, CURLcode *result) {
    int remaining = 0;
    CURLMsg *message;
    while ((message = api.multi_info_read(multi, &remaining)) != NULL) {
        if (message->msg == CURLMSG_DONE) {
            *handle = message->easy_handle;
            *result = message->data.result;
            return 1;
        }
    }
    return 0;
}
const char *ccurl_multi_strerror(CURLMcode code) { return api.multi_strerror(code); }
