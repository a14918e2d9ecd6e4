// On aarch64 only hypot and hypotf are pinned (to GLIBC_2.17, below the GLIBC_2.35 a Debian 12 link picks),
// which is enough for provided.al2023; the glibc 2.26 pins are generated for x86_64 (GlibcOlderVersions.S).
#if defined(__linux__) && defined(__GLIBC__) && defined(__aarch64__)
__asm__(".symver hypot_compat,hypot@GLIBC_2.17");
__asm__(".symver hypotf_compat,hypotf@GLIBC_2.17");
double hypot_compat(double x, double y);
float hypotf_compat(float x, float y);
double __wrap_hypot(double x, double y) { return hypot_compat(x, y); }
float __wrap_hypotf(float x, float y) { return hypotf_compat(x, y); }
#endif
