#include "CTLSSocket.h"

#include <dlfcn.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

// Only the opaque OpenSSL types and constants are used from the headers; every function is resolved at run time.
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

struct ctls_socket {
    int fd;
    SSL_CTX *context;
    SSL *ssl;
};

// provided.al2023 ships OpenSSL 3 (libssl.so.3); 1.1 has the same entry points for what is used here.
static const char *const ssl_names[] = {"libssl.so.3", "libssl.so.1.1", NULL};

static struct {
    const SSL_METHOD *(*TLS_client_method)(void);
    SSL_CTX *(*SSL_CTX_new)(const SSL_METHOD *);
    void (*SSL_CTX_free)(SSL_CTX *);
    long (*SSL_CTX_ctrl)(SSL_CTX *, int, long, void *);
    int (*SSL_CTX_load_verify_locations)(SSL_CTX *, const char *, const char *);
    int (*SSL_CTX_set_default_verify_paths)(SSL_CTX *);
    void (*SSL_CTX_set_verify)(SSL_CTX *, int, int (*)(int, X509_STORE_CTX *));
    SSL *(*SSL_new)(SSL_CTX *);
    void (*SSL_free)(SSL *);
    int (*SSL_set_fd)(SSL *, int);
    long (*SSL_ctrl)(SSL *, int, long, void *);
    int (*SSL_set1_host)(SSL *, const char *);
    X509_VERIFY_PARAM *(*SSL_get0_param)(SSL *);
    int (*X509_VERIFY_PARAM_set1_ip_asc)(X509_VERIFY_PARAM *, const char *);
    int (*SSL_connect)(SSL *);
    int (*SSL_read)(SSL *, void *, int);
    int (*SSL_write)(SSL *, const void *, int);
    int (*SSL_shutdown)(SSL *);
    int (*SSL_get_error)(const SSL *, int);
    long (*SSL_get_verify_result)(const SSL *);
    const char *(*SSL_get_version)(const SSL *);
    const char *(*X509_verify_cert_error_string)(long);
    unsigned long (*ERR_get_error)(void);
    void (*ERR_error_string_n)(unsigned long, char *, size_t);
    void (*ERR_clear_error)(void);
} api;

static pthread_mutex_t load_lock = PTHREAD_MUTEX_INITIALIZER;
static int loaded = 0;

#if defined(__linux__) && !defined(__GLIBC__)
static int load_openssl(char *error, size_t error_length) {
    snprintf(error, error_length, "TLS is not available in a fully static (musl) build: no dlopen for libssl");
    return -1;
}
#else
#define RESOLVE(library, name)                                                                    \
    do {                                                                                          \
        *(void **)(&api.name) = dlsym(library, #name);                                            \
        if (api.name == NULL) {                                                                   \
            snprintf(error, error_length, "OpenSSL (%s) has no symbol %s", used, #name);          \
            pthread_mutex_unlock(&load_lock);                                                     \
            return -1;                                                                            \
        }                                                                                         \
    } while (0)

static int load_openssl(char *error, size_t error_length) {
    pthread_mutex_lock(&load_lock);
    if (loaded) {
        pthread_mutex_unlock(&load_lock);
        return 0;
    }
    void *ssl = NULL;
    const char *used = NULL;
    for (int i = 0; ssl_names[i] != NULL && ssl == NULL; i++) {
        ssl = dlopen(ssl_names[i], RTLD_NOW | RTLD_LOCAL);
        used = ssl_names[i];
    }
    if (ssl == NULL) {
        snprintf(error, error_length, "cannot load OpenSSL (tried libssl.so.3, libssl.so.1.1): %s", dlerror());
        pthread_mutex_unlock(&load_lock);
        return -1;
    }
    // libssl depends on libcrypto, so its symbols resolve through the same handle.
    RESOLVE(ssl, TLS_client_method);
    RESOLVE(ssl, SSL_CTX_new);
    RESOLVE(ssl, SSL_CTX_free);
    RESOLVE(ssl, SSL_CTX_ctrl);
    RESOLVE(ssl, SSL_CTX_load_verify_locations);
    RESOLVE(ssl, SSL_CTX_set_default_verify_paths);
    RESOLVE(ssl, SSL_CTX_set_verify);
    RESOLVE(ssl, SSL_new);
    RESOLVE(ssl, SSL_free);
    RESOLVE(ssl, SSL_set_fd);
    RESOLVE(ssl, SSL_ctrl);
    RESOLVE(ssl, SSL_set1_host);
    RESOLVE(ssl, SSL_get0_param);
    RESOLVE(ssl, X509_VERIFY_PARAM_set1_ip_asc);
    RESOLVE(ssl, SSL_connect);
    RESOLVE(ssl, SSL_read);
    RESOLVE(ssl, SSL_write);
    RESOLVE(ssl, SSL_shutdown);
    RESOLVE(ssl, SSL_get_error);
    RESOLVE(ssl, SSL_get_verify_result);
    RESOLVE(ssl, SSL_get_version);
    RESOLVE(ssl, X509_verify_cert_error_string);
    RESOLVE(ssl, ERR_get_error);
    RESOLVE(ssl, ERR_error_string_n);
    RESOLVE(ssl, ERR_clear_error);
    loaded = 1;
    pthread_mutex_unlock(&load_lock);
    return 0;
}
#endif

/// The first queued OpenSSL error as text, or `fallback`.
static void openssl_error(const char *what, const char *fallback, char *error, size_t error_length) {
    unsigned long code = api.ERR_get_error();
    char detail[256];
    if (code != 0) {
        api.ERR_error_string_n(code, detail, sizeof detail);
    } else {
        snprintf(detail, sizeof detail, "%s", fallback);
    }
    snprintf(error, error_length, "%s: %s", what, detail);
}

ctls_socket *ctls_connect(const char *host, int port, int timeout_ms, char *error, size_t error_length) {
    // OpenSSL writes with write(2): a peer that went away must give EPIPE, not end the process.
    signal(SIGPIPE, SIG_IGN);
    struct addrinfo hints, *addresses = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    char service[16];
    snprintf(service, sizeof service, "%d", port);
    int status = getaddrinfo(host, service, &hints, &addresses);
    if (status != 0) {
        snprintf(error, error_length, "cannot resolve %s: %s", host, gai_strerror(status));
        return NULL;
    }
    struct timeval timeout = {.tv_sec = timeout_ms / 1000, .tv_usec = (timeout_ms % 1000) * 1000};
    int fd = -1;
    int last_errno = 0;
    for (struct addrinfo *a = addresses; a != NULL; a = a->ai_next) {
        fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
        if (fd < 0) {
            last_errno = errno;
            continue;
        }
        // SO_SNDTIMEO also bounds connect() on Linux.
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
        if (connect(fd, a->ai_addr, a->ai_addrlen) == 0) break;
        last_errno = errno;
        close(fd);
        fd = -1;
    }
    freeaddrinfo(addresses);
    if (fd < 0) {
        snprintf(error, error_length, "cannot connect to %s:%d: %s", host, port, strerror(last_errno));
        return NULL;
    }
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof one);
    ctls_socket *result = calloc(1, sizeof *result);
    if (result == NULL) {
        close(fd);
        snprintf(error, error_length, "out of memory");
        return NULL;
    }
    result->fd = fd;
    return result;
}

static int is_ip_address(const char *host) {
    unsigned char buffer[sizeof(struct in6_addr)];
    return inet_pton(AF_INET, host, buffer) == 1 || inet_pton(AF_INET6, host, buffer) == 1;
}

int ctls_start_tls(ctls_socket *socket, const char *host, const char *ca_file, int verify, char *error,
                   size_t error_length) {
    if (load_openssl(error, error_length) != 0) return -1;
    api.ERR_clear_error();
    SSL_CTX *context = api.SSL_CTX_new(api.TLS_client_method());
    if (context == NULL) {
        openssl_error("cannot create a TLS context", "SSL_CTX_new failed", error, error_length);
        return -1;
    }
    socket->context = context;
    api.SSL_CTX_ctrl(context, SSL_CTRL_SET_MIN_PROTO_VERSION, TLS1_2_VERSION, NULL);
    if (verify) {
        int loaded_store = ca_file != NULL && ca_file[0] != 0
                               ? api.SSL_CTX_load_verify_locations(context, ca_file, NULL)
                               : api.SSL_CTX_set_default_verify_paths(context);
        if (loaded_store != 1) {
            openssl_error(ca_file ? "cannot read the CA bundle" : "cannot load the system CA store",
                          ca_file ? ca_file : "default paths", error, error_length);
            return -1;
        }
        api.SSL_CTX_set_verify(context, SSL_VERIFY_PEER, NULL);
    }
    SSL *ssl = api.SSL_new(context);
    if (ssl == NULL) {
        openssl_error("cannot create a TLS session", "SSL_new failed", error, error_length);
        return -1;
    }
    socket->ssl = ssl;
    api.SSL_set_fd(ssl, socket->fd);
    if (is_ip_address(host)) {
        if (verify) api.X509_VERIFY_PARAM_set1_ip_asc(api.SSL_get0_param(ssl), host);
    } else {
        api.SSL_ctrl(ssl, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name, (void *)host);
        if (verify) api.SSL_set1_host(ssl, host);
    }
    int status = api.SSL_connect(ssl);
    if (status != 1) {
        long verification = api.SSL_get_verify_result(ssl);
        if (verify && verification != X509_V_OK) {
            snprintf(error, error_length, "TLS handshake with %s failed: certificate verification: %s", host,
                     api.X509_verify_cert_error_string(verification));
        } else {
            openssl_error("TLS handshake failed", "the server closed the connection", error, error_length);
        }
        return -1;
    }
    return 0;
}

ssize_t ctls_read(ctls_socket *socket, void *buffer, size_t length, char *error, size_t error_length) {
    if (socket->ssl != NULL) {
        int chunk = length > 1 << 30 ? 1 << 30 : (int)length;
        for (;;) {
            int n = api.SSL_read(socket->ssl, buffer, chunk);
            if (n > 0) return n;
            int reason = api.SSL_get_error(socket->ssl, n);
            if (reason == SSL_ERROR_ZERO_RETURN) return 0;
            if (reason == SSL_ERROR_SYSCALL && errno == EINTR) continue;
            if (reason == SSL_ERROR_SYSCALL && (errno == EAGAIN || errno == EWOULDBLOCK)) {
                snprintf(error, error_length, "read timed out");
                return -1;
            }
            if (reason == SSL_ERROR_SYSCALL && errno == 0) return 0;
            openssl_error("TLS read failed", strerror(errno), error, error_length);
            return -1;
        }
    }
    for (;;) {
        ssize_t n = read(socket->fd, buffer, length);
        if (n >= 0) return n;
        if (errno == EINTR) continue;
        snprintf(error, error_length, "read failed: %s",
                 errno == EAGAIN || errno == EWOULDBLOCK ? "timed out" : strerror(errno));
        return -1;
    }
}

int ctls_write_all(ctls_socket *socket, const void *buffer, size_t length, char *error, size_t error_length) {
    const char *p = buffer;
    while (length > 0) {
        if (socket->ssl != NULL) {
            int chunk = length > 1 << 30 ? 1 << 30 : (int)length;
            int n = api.SSL_write(socket->ssl, p, chunk);
            if (n <= 0) {
                int reason = api.SSL_get_error(socket->ssl, n);
                if (reason == SSL_ERROR_SYSCALL && errno == EINTR) continue;
                openssl_error("TLS write failed", strerror(errno), error, error_length);
                return -1;
            }
            p += n;
            length -= (size_t)n;
        } else {
            ssize_t n = send(socket->fd, p, length, MSG_NOSIGNAL);
            if (n < 0) {
                if (errno == EINTR) continue;
                snprintf(error, error_length, "write failed: %s",
                         errno == EAGAIN || errno == EWOULDBLOCK ? "timed out" : strerror(errno));
                return -1;
            }
            p += n;
            length -= (size_t)n;
        }
    }
    return 0;
}

const char *ctls_tls_version(ctls_socket *socket) {
    return socket->ssl != NULL ? api.SSL_get_version(socket->ssl) : NULL;
}

void ctls_shutdown(ctls_socket *socket) { shutdown(socket->fd, SHUT_RDWR); }

void ctls_close(ctls_socket *socket) {
    if (socket == NULL) return;
    if (socket->ssl != NULL) {
        api.SSL_shutdown(socket->ssl);
        api.SSL_free(socket->ssl);
    }
    if (socket->context != NULL) api.SSL_CTX_free(socket->context);
    if (socket->fd >= 0) close(socket->fd);
    free(socket);
}
