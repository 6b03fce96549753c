/// Dictionary-encodes fixed-size keys to dense codes `0, 1, 2, …` in order of first appearance.
///
/// Open addressing with linear probing over a power-of-two array of 32-bit slots (code + 1, 0 =
/// empty), at most 70 % full. Keys live once, in an ``AppendOnlyColumn`` indexed by code, which
/// readers share: decoding a code is an array read. This beats `Dictionary` by an order of
/// magnitude on the ingest path and costs 4–6 bytes of slots per key on top of the key itself.
/// Codes are exact: equal keys get equal codes and distinct keys distinct codes, so counting
/// distinct codes counts distinct keys.
package struct CodeTable<Key: CodeKey>: ~Copyable {
    package let keys = AppendOnlyColumn<Key>()
    package private(set) var count = 0
    private var slots: UnsafeMutablePointer<UInt32>
    private var mask: Int
    private var shift: UInt64

    package init(initialCapacity: Int = 1 << 12) {
        var cap = 1 << 10
        while cap < initialCapacity { cap <<= 1 }
        slots = .allocate(capacity: cap)
        slots.initialize(repeating: 0, count: cap)
        mask = cap - 1
        shift = UInt64(64 - cap.trailingZeroBitCount)
    }

    deinit { slots.deallocate() }

    /// The code of `key`, assigning the next one when the key is new.
    ///
    /// `keys` must have capacity for a new code; call ``reserve(_:)`` under the store's lock first.
    @inline(__always)
    package mutating func code(for key: Key) -> UInt32 {
        var i = Int(truncatingIfNeeded: key.mixedHash >> shift)
        while true {
            let s = slots[i]
            if s == 0 { break }
            if keys[Int(s) - 1] == key { return s - 1 }
            i = (i + 1) & mask
        }
        let code = count
        keys[code] = key
        count += 1
        slots[i] = UInt32(code + 1)
        if count * 10 > (mask + 1) * 7 { grow() }
        return UInt32(code)
    }

    /// Makes room in `keys` for `extra` new codes. Changes the column's chunk list: call it under
    /// the lock readers take for snapshots.
    package func reserve(_ extra: Int) {
        keys.ensureCapacity(count + extra)
    }

    private mutating func grow() {
        let cap = (mask + 1) * 2
        let newSlots = UnsafeMutablePointer<UInt32>.allocate(capacity: cap)
        newSlots.initialize(repeating: 0, count: cap)
        let newMask = cap - 1
        let newShift = UInt64(64 - cap.trailingZeroBitCount)
        for code in 0..<count {
            var i = Int(truncatingIfNeeded: keys[code].mixedHash >> newShift)
            while newSlots[i] != 0 { i = (i + 1) & newMask }
            newSlots[i] = UInt32(code + 1)
        }
        slots.deallocate()
        slots = newSlots
        mask = newMask
        shift = newShift
    }
}
