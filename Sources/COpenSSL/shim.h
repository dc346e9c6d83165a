#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/bn.h>

// Function-like macros and variadic functions, which Swift cannot call: one typed wrapper each.
static inline EVP_PKEY *gowasm_ec_p256_keygen(void) { return EVP_EC_gen("P-256"); }
static inline int gowasm_ssl_set_host_name(SSL *ssl, const char *name) { return (int)SSL_set_tlsext_host_name(ssl, name); }
static inline void gowasm_openssl_free(void *pointer) { OPENSSL_free(pointer); }
static inline long gowasm_bio_get_mem_data(BIO *bio, char **data) { return BIO_get_mem_data(bio, data); }
static inline int gowasm_sk_general_name_num(const GENERAL_NAMES *names) { return sk_GENERAL_NAME_num(names); }
static inline GENERAL_NAME *gowasm_sk_general_name_value(const GENERAL_NAMES *names, int index) {
    return sk_GENERAL_NAME_value(names, index);
}
static inline void gowasm_general_names_free(GENERAL_NAMES *names) { GENERAL_NAMES_free(names); }

// What a development server wants of every connection: partial writes from buffers that may move between
// retries, no renegotiation, a peer that vanishes without close_notify read as an ordinary end of stream, and
// read-ahead (one recv per burst of records instead of two per record: header, then body).
static inline void gowasm_ssl_ctx_configure(SSL_CTX *context) {
    SSL_CTX_set_read_ahead(context, 1);
    SSL_CTX_set_mode(context, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
    SSL_CTX_set_options(context, SSL_OP_IGNORE_UNEXPECTED_EOF | SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE);
    SSL_CTX_set_min_proto_version(context, TLS1_2_VERSION);
}
