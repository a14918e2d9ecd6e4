// The Swift runtime calls hypot and hypotf. Linked on glibc 2.36 they bind to the GLIBC_2.35 versions,
// which Amazon Linux 2023 (glibc 2.34) lacks, so the binary would not load. The executables are linked
// with --wrap=hypot --wrap=hypotf; these wrappers forward to the original versions (GLIBC_2.2.5 on
// x86_64, GLIBC_2.17 on aarch64), which every glibc still exports. Both compute the same result.
#include "CGlibcCompat.h"

#include <math.h>  // defines __GLIBC__

#if defined(__linux__) && defined(__GLIBC__)
#if defined(__x86_64__)
__asm__(".symver hypot_compat,hypot@GLIBC_2.2.5");
__asm__(".symver hypotf_compat,hypotf@GLIBC_2.2.5");
#elif defined(__aarch64__)
__asm__(".symver hypot_compat,hypot@GLIBC_2.17");
__asm__(".symver hypotf_compat,hypotf@GLIBC_2.17");
#endif
double hypot_compat(double x, double y);
float hypotf_compat(float x, float y);
double __wrap_hypot(double x, double y) { return hypot_compat(x, y); }
float __wrap_hypotf(float x, float y) { return hypotf_compat(x, y); }
#endif

// Foundation (linked into functions that use Yams for YAML) calls std::condition_variable::wait, which a
// GCC 12 libstdc++ binds to its GLIBCXX_3.4.30 version; Amazon Linux 2023 ships GLIBCXX_3.4.29. The executables
// are linked with --wrap for it, and this wrapper forwards to the GLIBCXX_3.4.11 version every libstdc++ still
// exports (the same wait; 3.4.30 only re-exported it when the class's layout rules changed).
#if defined(__linux__) && defined(__GLIBC__) && (defined(__x86_64__) || defined(__aarch64__))
__asm__(".symver condition_variable_wait_compat,_ZNSt18condition_variable4waitERSt11unique_lockISt5mutexE@GLIBCXX_3.4.11");
void condition_variable_wait_compat(void *condition, void *lock);
void __wrap__ZNSt18condition_variable4waitERSt11unique_lockISt5mutexE(void *condition, void *lock) {
    condition_variable_wait_compat(condition, lock);
}
#endif

int cglibccompat_linked(void) { return 1; }
