#ifndef CHEAPTUNING_H
#define CHEAPTUNING_H

/* Keeps freed memory in the process: allocations below 32 MiB come from the heap instead of fresh mmaps,
   and free heap tops are trimmed only past 1 GiB. glibc only; a no-op elsewhere (musl has no mallopt).
   Returns 1 when both settings were applied. */
int cheaptuning_keep_freed_memory(void);

#endif
