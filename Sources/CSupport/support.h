// Small C helpers the Swift hot paths need and Swift does not expose.
#include <string.h>

/// Asks the CPU to start loading the cache line at p, so a hash probe a few rows later finds it.
static inline void ecomdash_prefetch(const void *p) { __builtin_prefetch(p, 0, 3); }

/// memchr, which glibc vectorises: finds a byte in a block many times faster than a Swift loop.
static inline const void *ecomdash_memchr(const void *p, int c, size_t n) { return memchr(p, c, n); }

/// memcmp, vectorised by glibc.
static inline int ecomdash_memcmp(const void *a, const void *b, size_t n) { return memcmp(a, b, n); }

#include <stdint.h>

/// CRC-32C (Castagnoli), the checksum of shard-log records: with SSE 4.2 the CPU computes it at
/// many GB/s; elsewhere a table does, bit for bit the same.
static inline uint32_t ecomdash_crc32c_soft(uint32_t crc, const unsigned char *p, size_t n) {
    static uint32_t table[256];
    static int ready = 0;
    if (!ready) {
        for (uint32_t i = 0; i < 256; i++) {
            uint32_t c = i;
            for (int k = 0; k < 8; k++) c = (c >> 1) ^ (0x82F63B78u & (0u - (c & 1u)));
            table[i] = c;
        }
        ready = 1;
    }
    crc = ~crc;
    while (n--) crc = table[(crc ^ *p++) & 0xFF] ^ (crc >> 8);
    return ~crc;
}

#if defined(__x86_64__)
__attribute__((target("sse4.2")))
static inline uint32_t ecomdash_crc32c_hw(uint32_t crc, const unsigned char *p, size_t n) {
    uint64_t c = ~crc;
    while (n >= 8) {
        uint64_t v;
        memcpy(&v, p, 8);
        c = __builtin_ia32_crc32di(c, v);
        p += 8;
        n -= 8;
    }
    uint32_t c32 = (uint32_t)c;
    while (n--) c32 = __builtin_ia32_crc32qi(c32, *p++);
    return ~c32;
}
#endif

static inline uint32_t ecomdash_crc32c(uint32_t crc, const void *data, size_t n) {
#if defined(__x86_64__)
    if (__builtin_cpu_supports("sse4.2")) return ecomdash_crc32c_hw(crc, (const unsigned char *)data, n);
#endif
    return ecomdash_crc32c_soft(crc, (const unsigned char *)data, n);
}

#if defined(__GLIBC__)
#include <malloc.h>
/// Returns freed heap memory to the system (glibc keeps it otherwise).
static inline void ecomdash_release_free_memory(void) { malloc_trim(0); }
#else
static inline void ecomdash_release_free_memory(void) {}
#endif

#include <sys/mman.h>
#include <stdint.h>

/// Maps `bytes` of zeroed memory aligned to 2 MiB and asks for transparent huge pages.
///
/// The store's columns and dictionaries are read at random (per-user scans, hash probes): with 4 KiB
/// pages nearly every such read of a large store also misses the TLB, and under a hypervisor a miss
/// walks two page tables. Huge pages cover 512 times as much per TLB entry. Returns NULL on failure.
static inline void *ecomdash_map_huge(size_t bytes) {
    const size_t huge = (size_t)2 << 20;
    size_t length = bytes + huge;
    uint8_t *raw = (uint8_t *)mmap(NULL, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (raw == (uint8_t *)MAP_FAILED) return NULL;
    uint8_t *aligned = (uint8_t *)(((uintptr_t)raw + huge - 1) & ~(uintptr_t)(huge - 1));
    if (aligned > raw) munmap(raw, (size_t)(aligned - raw));
    uint8_t *end = aligned + bytes;
    uint8_t *rawEnd = raw + length;
    if (rawEnd > end) munmap(end, (size_t)(rawEnd - end));
#ifdef MADV_HUGEPAGE
    madvise(aligned, bytes, MADV_HUGEPAGE);
#endif
    return aligned;
}

/// Unmaps memory from `ecomdash_map_huge`.
static inline void ecomdash_unmap(void *p, size_t bytes) { munmap(p, bytes); }

/// Asks for transparent huge pages on the 2 MiB-aligned part of [p, p + bytes) (memory the caller
/// owns, e.g. a large array's buffer before it is first written).
static inline void ecomdash_advise_huge(void *p, size_t bytes) {
#ifdef MADV_HUGEPAGE
    const uintptr_t huge = (uintptr_t)2 << 20;
    uintptr_t start = ((uintptr_t)p + huge - 1) & ~(huge - 1);
    uintptr_t end = ((uintptr_t)p + bytes) & ~(huge - 1);
    if (end > start) madvise((void *)start, (size_t)(end - start), MADV_HUGEPAGE);
#endif
}
