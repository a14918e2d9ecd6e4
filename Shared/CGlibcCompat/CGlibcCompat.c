// Functions a bootstrap linked on a newer glibc calls that glibc 2.26 (Amazon Linux 2, provided.al2) only has
// under another name or with other start-up rules. Every executable is linked with `--wrap=<name>` for each
// `__wrap_<name>` below (glibc-compat-link-flags.txt); functions glibc 2.26 has under an older version are
// pinned by the generated GlibcOlderVersions.S instead. scripts/glibc-compat/generate.py reads this file.
#define _GNU_SOURCE 1
#include "CGlibcCompat.h"

#include <dlfcn.h>
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/types.h>

#if defined(__linux__) && defined(__GLIBC__) && defined(__x86_64__)

// Wrappers stay inside the executable: -export-dynamic would otherwise export each one.
#define WRAPPER __attribute__((visibility("hidden")))

// Program start. glibc 2.34's crt1.o passes no init function and leaves the executable's constructors to
// __libc_start_main@GLIBC_2.34. The older __libc_start_main (the only one glibc 2.26 has, and still
// exported by newer glibc) runs only the init function it is given, so pass one that does what
// libc_nonshared's __libc_csu_init did: _init, then the init array. On newer glibc the older version
// takes the same path for every binary linked before 2.34.
typedef void (*InitFunction)(int, char **, char **);
extern InitFunction __init_array_start[] __attribute__((visibility("hidden")));
extern InitFunction __init_array_end[] __attribute__((visibility("hidden")));
extern void _init(void) __attribute__((visibility("hidden")));

static void run_constructors(int argc, char **argv, char **envp) {
    _init();
    size_t count = (size_t)(__init_array_end - __init_array_start);
    for (size_t i = 0; i < count; i++) __init_array_start[i](argc, argv, envp);
}

__asm__(".symver libc_start_main_compat,__libc_start_main@GLIBC_2.2.5");
int libc_start_main_compat(int (*main)(int, char **, char **), int argc, char **argv, InitFunction init,
                           void (*fini)(void), void (*rtld_fini)(void), void *stack_end);
WRAPPER int __wrap___libc_start_main(int (*main)(int, char **, char **), int argc, char **argv, InitFunction init,
                             void (*fini)(void), void (*rtld_fini)(void), void *stack_end) {
    return libc_start_main_compat(main, argc, argv, init ? init : run_constructors, fini, rtld_fini, stack_end);
}

// The stat family became functions in glibc 2.33. Before, <sys/stat.h> turned each call into one of
// __xstat, __fxstat, __lxstat, __fxstatat, __xmknod(at) with the structure version as first argument
// (1 for struct stat on x86_64, 0 for mknod), and newer glibc still exports those under GLIBC_2.2.5 (and
// GLIBC_2.4 for the *at forms).
#define STAT_VERSION 1
#define MKNOD_VERSION 0
__asm__(".symver xstat_compat,__xstat@GLIBC_2.2.5");
__asm__(".symver fxstat_compat,__fxstat@GLIBC_2.2.5");
__asm__(".symver lxstat_compat,__lxstat@GLIBC_2.2.5");
__asm__(".symver fxstatat_compat,__fxstatat@GLIBC_2.4");
__asm__(".symver xmknod_compat,__xmknod@GLIBC_2.2.5");
__asm__(".symver xmknodat_compat,__xmknodat@GLIBC_2.4");
int xstat_compat(int version, const char *path, struct stat *buffer);
int fxstat_compat(int version, int fd, struct stat *buffer);
int lxstat_compat(int version, const char *path, struct stat *buffer);
int fxstatat_compat(int version, int dirfd, const char *path, struct stat *buffer, int flags);
int xmknod_compat(int version, const char *path, mode_t mode, dev_t *device);
int xmknodat_compat(int version, int dirfd, const char *path, mode_t mode, dev_t *device);

WRAPPER int __wrap_stat(const char *path, struct stat *buffer) { return xstat_compat(STAT_VERSION, path, buffer); }
WRAPPER int __wrap_fstat(int fd, struct stat *buffer) { return fxstat_compat(STAT_VERSION, fd, buffer); }
WRAPPER int __wrap_lstat(const char *path, struct stat *buffer) { return lxstat_compat(STAT_VERSION, path, buffer); }
WRAPPER int __wrap_fstatat(int dirfd, const char *path, struct stat *buffer, int flags) {
    return fxstatat_compat(STAT_VERSION, dirfd, path, buffer, flags);
}
// On x86_64 struct stat64 is struct stat, and the *64 names are aliases of the same functions.
WRAPPER int __wrap_stat64(const char *path, struct stat *buffer) { return xstat_compat(STAT_VERSION, path, buffer); }
WRAPPER int __wrap_fstat64(int fd, struct stat *buffer) { return fxstat_compat(STAT_VERSION, fd, buffer); }
WRAPPER int __wrap_lstat64(const char *path, struct stat *buffer) { return lxstat_compat(STAT_VERSION, path, buffer); }
WRAPPER int __wrap_fstatat64(int dirfd, const char *path, struct stat *buffer, int flags) {
    return fxstatat_compat(STAT_VERSION, dirfd, path, buffer, flags);
}
WRAPPER int __wrap_mknod(const char *path, mode_t mode, dev_t device) { return xmknod_compat(MKNOD_VERSION, path, mode, &device); }
WRAPPER int __wrap_mknodat(int dirfd, const char *path, mode_t mode, dev_t device) {
    return xmknodat_compat(MKNOD_VERSION, dirfd, path, mode, &device);
}

// GCC 12's libstdc++ headers read this flag (GLIBC_2.32, a variable: no older version to bind to) to skip
// atomic reference counting in single-threaded processes. Zero means "maybe threaded": always atomic, as on
// glibc 2.26, where the flag does not exist.
WRAPPER char __wrap___libc_single_threaded = 0;

// libstdc++ from GCC 12 outlines the overflow check of `new T[n]` into std::__throw_bad_array_new_length
// (GLIBCXX_3.4.29); GCC 7's libstdc++ (Amazon Linux 2) throws the same exception from the C++ ABI's
// __cxa_throw_bad_array_new_length (CXXABI_1.3.8).
// Weak: an executable that links no libstdc++ (a debug build on the shared Swift runtime) never calls it.
void __cxa_throw_bad_array_new_length(void) __attribute__((noreturn, weak));
WRAPPER __attribute__((noreturn)) void __wrap__ZSt28__throw_bad_array_new_lengthv(void) {
    if (__cxa_throw_bad_array_new_length) __cxa_throw_bad_array_new_length();
    abort();
}

#endif

// Foundation (when a function links it) calls std::condition_variable::wait, which a
// GCC 12 libstdc++ binds to its GLIBCXX_3.4.30 version; Amazon Linux 2023 ships GLIBCXX_3.4.29. The executables
// are linked with --wrap for it, and this wrapper forwards to the GLIBCXX_3.4.11 version every libstdc++ still
// exports (the same wait; 3.4.30 only re-exported it when the class's layout rules changed).
#if defined(__linux__) && defined(__GLIBC__) && (defined(__x86_64__) || defined(__aarch64__))
// Foundation's Process (when a function links Foundation) sets a child's working directory with
// posix_spawn_file_actions_addchdir_np, which glibc added in 2.29 with no older version to bind to. Looked up at
// run time: provided.al2023 (glibc 2.34) has it; on glibc 2.26 the spawn fails with ENOSYS instead of the binary
// failing to load. None of the functions spawns processes.
struct posix_spawn_file_actions_opaque;
typedef int (*addchdir_function)(struct posix_spawn_file_actions_opaque *actions, const char *path);
int __wrap_posix_spawn_file_actions_addchdir_np(struct posix_spawn_file_actions_opaque *actions, const char *path) {
    static addchdir_function cached;
    addchdir_function addchdir = __atomic_load_n(&cached, __ATOMIC_ACQUIRE);
    if (addchdir == NULL) {
        addchdir = (addchdir_function)dlvsym(RTLD_DEFAULT, "posix_spawn_file_actions_addchdir_np", "GLIBC_2.29");
        if (addchdir == NULL) return ENOSYS;
        __atomic_store_n(&cached, addchdir, __ATOMIC_RELEASE);
    }
    return addchdir(actions, path);
}

// Looked up at run time (dlvsym) rather than bound at link time: executables that link no libstdc++ (debug
// builds on the shared Swift runtime) carry the wrapper too, and a versioned link-time reference would not resolve.
typedef void (*condition_variable_wait_function)(void *condition, void *lock);
void __wrap__ZNSt18condition_variable4waitERSt11unique_lockISt5mutexE(void *condition, void *lock) {
    static condition_variable_wait_function cached;
    condition_variable_wait_function wait = __atomic_load_n(&cached, __ATOMIC_ACQUIRE);
    if (wait == NULL) {
        wait = (condition_variable_wait_function)dlvsym(
            RTLD_DEFAULT, "_ZNSt18condition_variable4waitERSt11unique_lockISt5mutexE", "GLIBCXX_3.4.11");
        if (wait == NULL) abort();
        __atomic_store_n(&cached, wait, __ATOMIC_RELEASE);
    }
    wait(condition, lock);
}
#endif

int cglibccompat_linked(void) { return 1; }
