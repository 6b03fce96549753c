import CSupport

/// Dictionary-encodes fixed-size keys to dense codes `0, 1, 2, …` in order of first appearance.
///
/// Open addressing with linear probing over a power-of-two array of 32-bit slots (code + 1, 0 =
/// empty), at most 75 % full. Keys live once, in an ``AppendOnlyColumn`` indexed by code, which
/// readers share: decoding a code is an array read. This beats `Dictionary` by an order of
/// magnitude on the ingest path and costs 6–12 bytes of slots per key on top of the key itself.
/// Codes are exact: equal keys get equal codes and distinct keys distinct codes, so counting
/// distinct codes counts distinct keys. Only the store's writer uses it.
package final class CodeTable<Key: CodeKey>: @unchecked Sendable {
    package let keys = AppendOnlyColumn<Key>()
    package private(set) var count = 0
    private var slots: UnsafeMutablePointer<UInt32>
    private var mask: Int
    private var shift: UInt64
    /// False after ``releaseIndex()``: the slots are empty and must be rebuilt from `keys`.
    private var indexed = true
    /// True after ``releaseKeys()``.
    private var keysReleased = false

    package init(initialCapacity: Int = 1 << 12) {
        var cap = 1 << 10
        while cap < initialCapacity { cap <<= 1 }
        slots = HugePages.allocate(UInt32.self, count: cap)
        mask = cap - 1
        shift = UInt64(64 - cap.trailingZeroBitCount)
    }

    deinit { HugePages.deallocate(slots, count: mask + 1) }

    /// The code of `key`, assigning the next one when the key is new.
    ///
    /// `keys` must have room for a new code: call ``reserve(_:)`` first.
    @inline(__always)
    package func code(for key: Key) -> UInt32 { code(for: key, hash: key.mixedHash) }

    /// Same as ``code(for:)`` with the key's `mixedHash` computed by the caller (a parser thread).
    @inline(__always)
    package func code(for key: Key, hash: UInt64) -> UInt32 {
        let slots = self.slots
        let mask = self.mask
        let keys = self.keys.table
        var i = Int(truncatingIfNeeded: hash >> shift)
        while true {
            let s = slots[i]
            if s == 0 { break }
            let c = Int(s) - 1
            if keys[c >> 16][c & 0xFFFF] == key { return s - 1 }
            i = (i + 1) & mask
        }
        let code = count
        self.keys[code] = key
        count = code + 1
        slots[i] = UInt32(code + 1)
        if count * 4 > (mask + 1) * 3 { grow() }
        return UInt32(code)
    }

    /// Starts loading the slot a key with this hash probes first.
    ///
    /// Lookups are bound by memory latency: issuing the loads for rows a few places ahead lets
    /// the misses of several rows overlap.
    @inline(__always)
    package func prefetchSlot(hash: UInt64) {
        ecomdash_prefetch(slots + Int(truncatingIfNeeded: hash >> shift))
    }

    /// Starts loading the key the first probed slot points at (call after ``prefetchSlot(hash:)``
    /// has had time to land).
    @inline(__always)
    package func prefetchKey(hash: UInt64) {
        let s = Int(slots[Int(truncatingIfNeeded: hash >> shift)])
        if s != 0 { ecomdash_prefetch(keys.table[(s - 1) >> 16] + ((s - 1) & 0xFFFF)) }
    }

    /// The code in the slot a key with this hash probes first, or -1: usually the key's code, a
    /// guess good enough to prefetch what the code indexes.
    @inline(__always)
    package func likelyCode(hash: UInt64) -> Int {
        Int(slots[Int(truncatingIfNeeded: hash >> shift)]) - 1
    }

    /// Sizes the slot array for `expected` keys at once, sparing the rehashes of growing to it.
    package func expect(_ expected: Int) {
        if !indexed { rebuildIndex() }
        while expected * 4 > (mask + 1) * 3 { grow() }
    }

    /// Makes room in `keys` for `extra` new codes (and rebuilds a released index).
    package func reserve(_ extra: Int) {
        precondition(!keysReleased, "keys were released: this table takes no more keys")
        keys.ensureCapacity(count + extra)
        if !indexed { rebuildIndex() }
    }

    /// Frees the probe slots (4–8 bytes a key) when no more keys are expected, as after a batch
    /// load; readers need only `keys`. The next ``reserve(_:)`` rebuilds them.
    package func releaseIndex() {
        guard indexed else { return }
        HugePages.deallocate(slots, count: mask + 1)
        slots = HugePages.allocate(UInt32.self, count: 1)
        mask = 0
        shift = 63
        indexed = false
    }

    /// Frees the keys as well as the index, when no reader decodes codes back to keys and no key
    /// will be added (a session's 16 bytes are needed only to find it again). `count` stays.
    package func releaseKeys() {
        guard !keysReleased else { return }
        releaseIndex()
        keys.releaseAll()
        keysReleased = true
    }

    /// Appends `keys` as the next codes, in order — keys known distinct and new, such as a lake's
    /// saved dictionary. Cheaper than a lookup a key: the index is rebuilt once, when the next
    /// key is looked up.
    package func load(_ keys: UnsafeBufferPointer<Key>) {
        precondition(!keysReleased, "keys were released: this table takes no more keys")
        self.keys.ensureCapacity(count + keys.count)
        for (i, k) in keys.enumerated() { self.keys[count + i] = k }
        count += keys.count
        releaseIndex()
    }

    /// Counts `n` more codes whose keys are not kept (after ``releaseKeys()``): a read-only store
    /// that never decodes these codes (sessions) needs only how many there are.
    package func loadCount(_ n: Int) {
        precondition(keysReleased, "a table that keeps keys must load them")
        count += n
    }

    private func rebuildIndex() {
        var cap = 1 << 10
        while count * 4 > cap * 3 { cap <<= 1 }
        indexed = true
        rehash(capacity: cap)
    }

    private func grow() { rehash(capacity: (mask + 1) * 2) }

    private func rehash(capacity cap: Int) {
        let newSlots = HugePages.allocate(UInt32.self, count: cap)
        let newMask = cap - 1
        let newShift = UInt64(64 - cap.trailingZeroBitCount)
        for code in 0..<count {
            var i = Int(truncatingIfNeeded: keys[code].mixedHash >> newShift)
            while newSlots[i] != 0 { i = (i + 1) & newMask }
            newSlots[i] = UInt32(code + 1)
        }
        HugePages.deallocate(slots, count: mask + 1)
        slots = newSlots
        mask = newMask
        shift = newShift
    }
}
