// Small C helpers the Swift hot paths need and Swift does not expose.
#include <string.h>

/// Asks the CPU to start loading the cache line at p, so a hash probe a few rows later finds it.
static inline void ecomdash_prefetch(const void *p) { __builtin_prefetch(p, 0, 3); }

/// memchr, which glibc vectorises: finds a byte in a block many times faster than a Swift loop.
static inline const void *ecomdash_memchr(const void *p, int c, size_t n) { return memchr(p, c, n); }

/// memcmp, vectorised by glibc.
static inline int ecomdash_memcmp(const void *a, const void *b, size_t n) { return memcmp(a, b, n); }
