// A blocking TCP socket that can be upgraded to TLS in place, for the MySQL protocol (which starts in clear
// text and switches to TLS after its SSLRequest packet).
//
// TLS comes from the host's OpenSSL (libssl.so.3 on provided.al2023, 1.1 accepted, 1.0.2 as libssl.so.10 on
// provided.al2; the API generation is chosen by the symbols the library exports), loaded with dlopen like
// libcurl: nothing is linked, so the binary stays small and carries no versioned link to OpenSSL, and the
// system's own certificate store (where Amazon's roots live) is the default trust store.
#ifndef CTLSSOCKET_H
#define CTLSSOCKET_H

#include <stddef.h>
#include <sys/types.h>

typedef struct ctls_socket ctls_socket;

/// Connects to host:port (name or address; every address getaddrinfo gives is tried) within timeout_ms, and
/// sets the same timeout on every later read and write. NULL on failure, with a message in `error`.
ctls_socket *ctls_connect(const char *host, int port, int timeout_ms, char *error, size_t error_length);

/// Starts TLS on the connected socket (TLS 1.2 or newer). The server certificate is verified against
/// `ca_file` when given, else against OpenSSL's default store; the host name (or IP address) must match it.
/// verify = 0 skips both checks (only for explicitly unverified test setups). Returns 0, or -1 with a message.
int ctls_start_tls(ctls_socket *socket, const char *host, const char *ca_file, int verify, char *error,
                   size_t error_length);

/// Reads up to `length` bytes; returns the count, 0 at end of stream, -1 on error (message in `error`).
ssize_t ctls_read(ctls_socket *socket, void *buffer, size_t length, char *error, size_t error_length);

/// Writes all `length` bytes; returns 0, or -1 with a message.
int ctls_write_all(ctls_socket *socket, const void *buffer, size_t length, char *error, size_t error_length);

/// The negotiated protocol ("TLSv1.3"), or NULL before TLS.
const char *ctls_tls_version(ctls_socket *socket);

/// Closes the connection (TLS close_notify first when TLS is on) and frees everything.
void ctls_close(ctls_socket *socket);

/// Shuts the socket down without freeing it (the peer sees the connection drop); for tests of lost connections.
void ctls_shutdown(ctls_socket *socket);

/// OpenSSL API generations this shim speaks.
enum { CTLS_OPENSSL_UNSUPPORTED = 0, CTLS_OPENSSL_1_0_2 = 1, CTLS_OPENSSL_1_1 = 2 };

/// The API generation a libssl exports, given a symbol lookup over it (dlsym on its handle): CTLS_OPENSSL_1_1 for
/// 1.1 and 3.x (TLS_client_method, SSL_set1_host, OpenSSL_version), CTLS_OPENSSL_1_0_2 for 1.0.2
/// (SSLv23_client_method, SSL_library_init, SSLeay_version and X509_VERIFY_PARAM_set1_host, which 1.0.1 lacks),
/// else CTLS_OPENSSL_UNSUPPORTED.
int ctls_openssl_generation(void *(*lookup)(void *context, const char *name), void *context);

/// Loads OpenSSL now: from `path` when given (a libssl outside the standard names), else the first standard name
/// found. Later TLS connections use it. Returns 0 (also when that library is already loaded), or -1 with a
/// message (also when another one is).
int ctls_load_openssl(const char *path, char *error, size_t error_length);

/// The generation of the loaded OpenSSL, CTLS_OPENSSL_UNSUPPORTED before loading.
int ctls_loaded_openssl_generation(void);

/// The loaded OpenSSL's version text ("OpenSSL 3.0.17 1 Jul 2025"), NULL before loading.
const char *ctls_loaded_openssl_version(void);

#endif
