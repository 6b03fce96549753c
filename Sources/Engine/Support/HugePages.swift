import CSupport

/// Memory for large, randomly read structures, backed by transparent huge pages where the kernel
/// allows (see `ecomdash_map_huge`).
///
/// At a real month's size (42 M rows, 9 M sessions) the per-user scans and dictionary probes touch
/// a gigabyte at random; with 4 KiB pages they spend much of their time on TLB misses. Huge pages
/// cut `report` on 42 M rows by about a sixth (BENCHMARKS.md).
enum HugePages {
    /// Zeroed memory for `count` elements; never fails (a refused mapping stops the program, as an
    /// allocation failure does).
    static func allocate<T>(_: T.Type, count: Int) -> UnsafeMutablePointer<T> {
        let bytes = max(1, count * MemoryLayout<T>.stride)
        guard let p = ecomdash_map_huge(bytes) else { fatalError("out of memory mapping \(bytes) bytes") }
        return p.bindMemory(to: T.self, capacity: count)
    }

    static func deallocate<T>(_ p: UnsafeMutablePointer<T>, count: Int) {
        ecomdash_unmap(p, max(1, count * MemoryLayout<T>.stride))
    }

    /// An array of `count` zeros whose buffer asks for huge pages before it is first written.
    static func zeroedArray<T: BitwiseCopyable>(_: T.Type, count: Int, zero: T) -> [T] {
        [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            if let base = buffer.baseAddress {
                ecomdash_advise_huge(base, count * MemoryLayout<T>.stride)
                base.initialize(repeating: zero, count: count)
            }
            initialized = count
        }
    }
}
