#include <curl/curl.h>

// curl_easy_setopt and curl_easy_getinfo are variadic, which Swift cannot call: one typed wrapper per
// argument type the client passes.
static inline CURLcode gowasm_curl_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}
static inline CURLcode gowasm_curl_setopt_pointer(CURL *handle, CURLoption option, const void *value) {
    return curl_easy_setopt(handle, option, value);
}
typedef size_t (*gowasm_curl_data_callback)(char *data, size_t size, size_t count, void *context);
static inline CURLcode gowasm_curl_setopt_callback(CURL *handle, CURLoption option, gowasm_curl_data_callback callback) {
    return curl_easy_setopt(handle, option, callback);
}
static inline CURLcode gowasm_curl_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}
static inline CURLcode gowasm_curl_getinfo_string(CURL *handle, CURLINFO info, char **value) {
    return curl_easy_getinfo(handle, info, value);
}
