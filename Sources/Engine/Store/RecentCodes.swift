/// A small direct-mapped cache of the codes of keys seen lately, in front of a ``CodeTable``.
///
/// Shop events come in sessions: a user's and a session's events fall within minutes of each
/// other, a few hundred rows apart in a file ordered by time. At a real month's size the user and
/// session tables (3 M and 9 M keys) are far larger than the CPU caches, so each probe of them is a
/// miss to memory; a table of a few thousand recent keys, small enough to stay in the L2 cache,
/// answers most rows of a session after its first. It holds whole keys, so a hit is exact; a miss
/// asks the table and remembers the answer.
struct RecentCodes<Key: CodeKey> {
    private let keys: UnsafeMutablePointer<Key>
    private let codes: UnsafeMutablePointer<UInt32>
    private let mask: Int

    /// - Parameter capacity: slots, a power of two.
    init(capacity: Int = 1 << 13, empty: Key) {
        precondition(capacity > 0 && capacity & (capacity - 1) == 0)
        keys = .allocate(capacity: capacity)
        keys.initialize(repeating: empty, count: capacity)
        codes = .allocate(capacity: capacity)
        // An empty slot holds `empty` with code UInt32.max, so it never answers for a real key:
        // a lookup of `empty` itself compares the code too.
        codes.initialize(repeating: .max, count: capacity)
        mask = capacity - 1
    }

    func deallocate() {
        keys.deallocate()
        codes.deallocate()
    }

    /// The slot a hash maps to: the hash's low bits (the table uses its high ones).
    @inline(__always)
    private func slot(_ hash: UInt64) -> Int { Int(truncatingIfNeeded: hash) & mask }

    /// Whether `key` is cached (to skip prefetching its table slot).
    @inline(__always)
    func contains(_ key: Key, hash: UInt64) -> Bool {
        let s = slot(hash)
        return codes[s] != .max && keys[s] == key
    }

    /// The code of `key`: from the cache, or from `table` (assigning a new code if needed).
    @inline(__always)
    func code(for key: Key, hash: UInt64, in table: CodeTable<Key>) -> UInt32 {
        let s = slot(hash)
        if codes[s] != .max, keys[s] == key { return codes[s] }
        let c = table.code(for: key, hash: hash)
        keys[s] = key
        codes[s] = c
        return c
    }
}
