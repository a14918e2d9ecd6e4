// A cache prefetch hint, which Swift has no spelling for: for the Parquet dictionaries and the uniqueness
// checks' key tables.
//
// A dictionary of 100,000 strings or a table of millions of keys does not fit a core's cache, so a lookup waits
// on memory. Hinting the address of a lookup before other work lets those waits overlap with it.
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
