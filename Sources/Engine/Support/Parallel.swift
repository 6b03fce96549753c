import Dispatch

/// Runs independent pieces of work on every core and collects their results in order.
enum Parallel {
    /// Worker count for scans: one per core, at most four.
    static var width: Int { max(1, min(4, sysconfCores())) }

    /// `body(0) … body(n-1)` on up to `n` threads; results in index order.
    static func map<T>(_ n: Int, _ body: (Int) -> T) -> [T] {
        if n <= 1 { return (0..<n).map(body) }
        let results = UnsafeMutablePointer<T?>.allocate(capacity: n)
        results.initialize(repeating: nil, count: n)
        defer { results.deinitialize(count: n); results.deallocate() }
        let box = UnsafeSendable(results)
        withoutActuallyEscaping(body) { body in
            let work = UnsafeSendable(body)
            DispatchQueue.concurrentPerform(iterations: n) { i in
                box.value[i] = work.value(i)
            }
        }
        return (0..<n).map { results[$0]! }
    }

    /// Splits `0..<count` into `parts` contiguous ranges of near-equal size.
    static func ranges(_ count: Int, parts: Int) -> [Range<Int>] {
        let p = max(1, parts)
        return (0..<p).map { i in (count * i / p)..<(count * (i + 1) / p) }
    }

    private static func sysconfCores() -> Int {
        #if canImport(Glibc)
            return Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        #else
            return 2
        #endif
    }
}

/// Carries a value the caller guarantees is used safely across threads (disjoint writes).
struct UnsafeSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

#if canImport(Glibc)
    import Glibc
#endif
