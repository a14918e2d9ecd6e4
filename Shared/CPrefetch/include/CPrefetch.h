// A cache prefetch hint for the Parquet dictionaries, which Swift has no spelling for.
//
// A dictionary of 100,000 strings does not fit a core's cache, so a lookup waits on memory twice (the slot,
// then the entry's bytes). Hinting the addresses of lookups a few values ahead lets those waits overlap.
#ifndef CPREFETCH_H
#define CPREFETCH_H

/// Starts loading the cache line holding `address` for reading; never faults, whatever the address.
static inline void cprefetch_read(const void *address) {
#if defined(__GNUC__) || defined(__clang__)
    __builtin_prefetch(address, 0, 3);
#else
    (void)address;
#endif
}

#endif
