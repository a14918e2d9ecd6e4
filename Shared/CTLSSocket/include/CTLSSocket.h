// A blocking TCP socket that can be upgraded to TLS in place, for the MySQL protocol (which starts in clear
// text and switches to TLS after its SSLRequest packet).
//
// TLS comes from the host's OpenSSL (libssl.so.3 on provided.al2023, 1.1 accepted), loaded with dlopen like
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

#endif
