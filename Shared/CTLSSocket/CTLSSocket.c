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
// provided.al2 ships OpenSSL 1.0.2 as libssl.so.10 (Red Hat's name); Debian and Ubuntu named 1.0.x libssl.so.1.0.0.
static const char *const ssl_names[] = {"libssl.so.3", "libssl.so.1.1", "libssl.so.10", "libssl.so.1.0.2",
                                        "libssl.so.1.0.0", NULL};

// OpenSSL 1.0.2's values (ssl.h of 1.0.2): the headers compiled against are OpenSSL 3's, where SSL_CTX_set_options
// is a function, SSL_CTRL_OPTIONS is gone and SSL_OP_NO_SSLv2 is 0.
#define LEGACY_SSL_CTRL_OPTIONS 32
#define LEGACY_SSL_OP_NO_SSLv2 0x01000000L
#define LEGACY_SSL_OP_NO_SSLv3 0x02000000L
#define LEGACY_SSL_OP_NO_TLSv1 0x04000000L
#define LEGACY_SSL_OP_NO_TLSv1_1 0x10000000L
#define LEGACY_CRYPTO_LOCK 1

static struct {
    int generation;
    const char *library;
    // TLS_client_method (1.1+) or SSLv23_client_method (1.0.2): both negotiate the highest common version.
    const SSL_METHOD *(*client_method)(void);
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
    int (*SSL_set1_host)(SSL *, const char *);                                          // 1.1+
    int (*X509_VERIFY_PARAM_set1_host)(X509_VERIFY_PARAM *, const char *, size_t);     // 1.0.2
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
    // OpenSSL_version (1.1+) or SSLeay_version (1.0.2), both with 0 for the version text.
    const char *(*version_text)(int);
} api;

static pthread_mutex_t load_lock = PTHREAD_MUTEX_INITIALIZER;
static int loaded = 0;

int ctls_openssl_generation(void *(*lookup)(void *context, const char *name), void *context) {
    if (lookup(context, "TLS_client_method") != NULL && lookup(context, "SSL_set1_host") != NULL &&
        lookup(context, "OpenSSL_version") != NULL)
        return CTLS_OPENSSL_1_1;
    // In 1.1+ these three are macros, so only 1.0.x exports them; X509_VERIFY_PARAM_set1_host is new in 1.0.2.
    if (lookup(context, "SSLv23_client_method") != NULL && lookup(context, "SSL_library_init") != NULL &&
        lookup(context, "SSLeay_version") != NULL && lookup(context, "X509_VERIFY_PARAM_set1_host") != NULL)
        return CTLS_OPENSSL_1_0_2;
    return CTLS_OPENSSL_UNSUPPORTED;
}

#if defined(__linux__) && !defined(__GLIBC__)
static int load_openssl(const char *path, char *error, size_t error_length) {
    (void)path;
    snprintf(error, error_length, "TLS is not available in a fully static (musl) build: no dlopen for libssl");
    return -1;
}
#else
#define RESOLVE_AS(library, field, name)                                                          \
    do {                                                                                          \
        *(void **)(&api.field) = dlsym(library, name);                                            \
        if (api.field == NULL) {                                                                  \
            snprintf(error, error_length, "OpenSSL (%s) has no symbol %s", used, name);           \
            return -1;                                                                            \
        }                                                                                         \
    } while (0)
#define RESOLVE(library, name) RESOLVE_AS(library, name, #name)

static void *dlsym_lookup(void *library, const char *name) { return dlsym(library, name); }

// OpenSSL 1.0.2 is thread-safe only with a locking callback (1.1 locks by itself). Connections on several
// threads (tests; a function with a second loader) need it; one set by another part of the process is kept.
static pthread_mutex_t *legacy_locks;
static void legacy_locking(int mode, int n, const char *file, int line) {
    (void)file;
    (void)line;
    if (mode & LEGACY_CRYPTO_LOCK) {
        pthread_mutex_lock(&legacy_locks[n]);
    } else {
        pthread_mutex_unlock(&legacy_locks[n]);
    }
}

static int start_legacy(void *ssl, const char *used, char *error, size_t error_length) {
    int (*library_init)(void);
    void (*load_error_strings)(void);
    int (*num_locks)(void);
    void (*(*get_locking_callback)(void))(int, int, const char *, int);
    void (*set_locking_callback)(void (*)(int, int, const char *, int));
    *(void **)(&library_init) = dlsym(ssl, "SSL_library_init");
    *(void **)(&load_error_strings) = dlsym(ssl, "SSL_load_error_strings");
    *(void **)(&num_locks) = dlsym(ssl, "CRYPTO_num_locks");
    *(void **)(&get_locking_callback) = dlsym(ssl, "CRYPTO_get_locking_callback");
    *(void **)(&set_locking_callback) = dlsym(ssl, "CRYPTO_set_locking_callback");
    if (library_init == NULL || num_locks == NULL || get_locking_callback == NULL || set_locking_callback == NULL) {
        snprintf(error, error_length, "OpenSSL 1.0.2 (%s) lacks SSL_library_init or the CRYPTO locking functions", used);
        return -1;
    }
    if (get_locking_callback() == NULL) {
        int count = num_locks();
        legacy_locks = calloc((size_t)count, sizeof *legacy_locks);
        if (legacy_locks == NULL) {
            snprintf(error, error_length, "out of memory");
            return -1;
        }
        for (int i = 0; i < count; i++) pthread_mutex_init(&legacy_locks[i], NULL);
        set_locking_callback(legacy_locking);
    }
    library_init();
    if (load_error_strings != NULL) load_error_strings();
    return 0;
}

// Loads `path`, or the first of the standard names found, and resolves the API generation it exports.
static int load_openssl_locked(const char *path, char *error, size_t error_length) {
    void *ssl = NULL;
    const char *used = NULL;
    if (path != NULL) {
        ssl = dlopen(path, RTLD_NOW | RTLD_LOCAL);
        used = path;
    } else {
        for (int i = 0; ssl_names[i] != NULL && ssl == NULL; i++) {
            ssl = dlopen(ssl_names[i], RTLD_NOW | RTLD_LOCAL);
            used = ssl_names[i];
        }
    }
    if (ssl == NULL) {
        snprintf(error, error_length, "cannot load OpenSSL (tried %s): %s",
                 path != NULL ? path : "libssl.so.3, libssl.so.1.1, libssl.so.10, libssl.so.1.0.2, libssl.so.1.0.0",
                 dlerror());
        return -1;
    }
    // libssl depends on libcrypto, so its symbols resolve through the same handle.
    int generation = ctls_openssl_generation(dlsym_lookup, ssl);
    switch (generation) {
    case CTLS_OPENSSL_1_1:
        RESOLVE_AS(ssl, client_method, "TLS_client_method");
        RESOLVE(ssl, SSL_set1_host);
        RESOLVE_AS(ssl, version_text, "OpenSSL_version");
        break;
    case CTLS_OPENSSL_1_0_2:
        RESOLVE_AS(ssl, client_method, "SSLv23_client_method");
        RESOLVE(ssl, X509_VERIFY_PARAM_set1_host);
        RESOLVE_AS(ssl, version_text, "SSLeay_version");
        if (start_legacy(ssl, used, error, error_length) != 0) return -1;
        break;
    default:
        snprintf(error, error_length,
                 "OpenSSL (%s) is older than 1.0.2 or not OpenSSL: it exports neither TLS_client_method nor "
                 "1.0.2's SSLv23_client_method with X509_VERIFY_PARAM_set1_host",
                 used);
        return -1;
    }
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
    api.generation = generation;
    // `path` belongs to the caller (a temporary C string from Swift): keep a copy for later comparisons.
    api.library = path != NULL ? strdup(path) : used;
    if (api.library == NULL) {
        snprintf(error, error_length, "out of memory");
        return -1;
    }
    loaded = 1;
    return 0;
}

static int load_openssl(const char *path, char *error, size_t error_length) {
    pthread_mutex_lock(&load_lock);
    int status = 0;
    if (!loaded) {
        status = load_openssl_locked(path, error, error_length);
    } else if (path != NULL && strcmp(path, api.library) != 0) {
        snprintf(error, error_length, "OpenSSL is already loaded from %s", api.library);
        status = -1;
    }
    pthread_mutex_unlock(&load_lock);
    return status;
}
#endif

int ctls_load_openssl(const char *path, char *error, size_t error_length) {
    return load_openssl(path, error, error_length);
}

int ctls_loaded_openssl_generation(void) { return loaded ? api.generation : CTLS_OPENSSL_UNSUPPORTED; }

const char *ctls_loaded_openssl_version(void) { return loaded ? api.version_text(0) : NULL; }

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
    if (load_openssl(NULL, error, error_length) != 0) return -1;
    api.ERR_clear_error();
    SSL_CTX *context = api.SSL_CTX_new(api.client_method());
    if (context == NULL) {
        openssl_error("cannot create a TLS context", "SSL_CTX_new failed", error, error_length);
        return -1;
    }
    socket->context = context;
    if (api.generation == CTLS_OPENSSL_1_0_2) {
        // 1.0.2 has no minimum-version control: TLS 1.2 or newer by refusing each older protocol.
        api.SSL_CTX_ctrl(context, LEGACY_SSL_CTRL_OPTIONS,
                         LEGACY_SSL_OP_NO_SSLv2 | LEGACY_SSL_OP_NO_SSLv3 | LEGACY_SSL_OP_NO_TLSv1 | LEGACY_SSL_OP_NO_TLSv1_1,
                         NULL);
    } else {
        api.SSL_CTX_ctrl(context, SSL_CTRL_SET_MIN_PROTO_VERSION, TLS1_2_VERSION, NULL);
    }
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
        if (verify) {
            int set = api.generation == CTLS_OPENSSL_1_0_2
                          ? api.X509_VERIFY_PARAM_set1_host(api.SSL_get0_param(ssl), host, 0)
                          : api.SSL_set1_host(ssl, host);
            if (set != 1) {
                openssl_error("cannot set the host name to verify", host, error, error_length);
                return -1;
            }
        }
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
