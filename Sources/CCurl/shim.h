#include <curl/curl.h>
#include <dlfcn.h>
#include <stddef.h>

// libcurl is loaded with dlopen when `check` first needs it, not linked: linked, its chain of libraries
// (nghttp2, ssh2, ldap, gnutls, …) was mapped and relocated at the start of every `run` and `prerender`,
// about 3 MiB of each one's RSS, for a client only `check` uses. Linux-first: the soname is Debian's
// (libcurl4-openssl-dev's runtime package, libcurl4).
//
// The table holds the few entry points the client calls. curl_easy_setopt and curl_easy_getinfo are
// variadic, which Swift cannot call: one typed wrapper per argument type the client passes.
typedef size_t (*gowasm_curl_data_callback)(char *data, size_t size, size_t count, void *context);

typedef struct gowasm_curl_api {
    CURLcode (*global_init)(long flags);
    CURL *(*easy_init)(void);
    void (*easy_cleanup)(CURL *handle);
    void (*easy_reset)(CURL *handle);
    CURLcode (*easy_perform)(CURL *handle);
    const char *(*easy_strerror)(CURLcode code);
    CURLcode (*easy_setopt)(CURL *handle, CURLoption option, ...);
    CURLcode (*easy_getinfo)(CURL *handle, CURLINFO info, ...);
    struct curl_slist *(*slist_append)(struct curl_slist *list, const char *line);
    void (*slist_free_all)(struct curl_slist *list);
} gowasm_curl_api;

/// Fills `api` from the loaded library; NULL on success, else dlerror's reason (the library or a symbol).
static inline const char *gowasm_curl_load(gowasm_curl_api *api, const char *soname) {
    void *library = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) return dlerror();
#define GOWASM_CURL_SYMBOL(field, name) \
    if ((*(void **)&api->field = dlsym(library, name)) == NULL) return dlerror();
    GOWASM_CURL_SYMBOL(global_init, "curl_global_init")
    GOWASM_CURL_SYMBOL(easy_init, "curl_easy_init")
    GOWASM_CURL_SYMBOL(easy_cleanup, "curl_easy_cleanup")
    GOWASM_CURL_SYMBOL(easy_reset, "curl_easy_reset")
    GOWASM_CURL_SYMBOL(easy_perform, "curl_easy_perform")
    GOWASM_CURL_SYMBOL(easy_strerror, "curl_easy_strerror")
    GOWASM_CURL_SYMBOL(easy_setopt, "curl_easy_setopt")
    GOWASM_CURL_SYMBOL(easy_getinfo, "curl_easy_getinfo")
    GOWASM_CURL_SYMBOL(slist_append, "curl_slist_append")
    GOWASM_CURL_SYMBOL(slist_free_all, "curl_slist_free_all")
#undef GOWASM_CURL_SYMBOL
    return NULL;  // the library stays loaded for the life of the process
}

static inline CURLcode gowasm_curl_global_init(const gowasm_curl_api *api, long flags) { return api->global_init(flags); }
static inline CURL *gowasm_curl_easy_init(const gowasm_curl_api *api) { return api->easy_init(); }
static inline void gowasm_curl_easy_cleanup(const gowasm_curl_api *api, CURL *handle) { api->easy_cleanup(handle); }
static inline void gowasm_curl_easy_reset(const gowasm_curl_api *api, CURL *handle) { api->easy_reset(handle); }
static inline CURLcode gowasm_curl_easy_perform(const gowasm_curl_api *api, CURL *handle) { return api->easy_perform(handle); }
static inline const char *gowasm_curl_easy_strerror(const gowasm_curl_api *api, CURLcode code) { return api->easy_strerror(code); }
static inline struct curl_slist *gowasm_curl_slist_append(const gowasm_curl_api *api, struct curl_slist *list, const char *line) {
    return api->slist_append(list, line);
}
static inline void gowasm_curl_slist_free_all(const gowasm_curl_api *api, struct curl_slist *list) { api->slist_free_all(list); }

static inline CURLcode gowasm_curl_setopt_long(const gowasm_curl_api *api, CURL *handle, CURLoption option, long value) {
    return api->easy_setopt(handle, option, value);
}
static inline CURLcode gowasm_curl_setopt_pointer(const gowasm_curl_api *api, CURL *handle, CURLoption option, const void *value) {
    return api->easy_setopt(handle, option, value);
}
static inline CURLcode gowasm_curl_setopt_callback(const gowasm_curl_api *api, CURL *handle, CURLoption option, gowasm_curl_data_callback callback) {
    return api->easy_setopt(handle, option, callback);
}
static inline CURLcode gowasm_curl_getinfo_long(const gowasm_curl_api *api, CURL *handle, CURLINFO info, long *value) {
    return api->easy_getinfo(handle, info, value);
}
static inline CURLcode gowasm_curl_getinfo_string(const gowasm_curl_api *api, CURL *handle, CURLINFO info, char **value) {
    return api->easy_getinfo(handle, info, value);
}
