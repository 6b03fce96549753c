/// Dictionary-encodes short byte strings (brands, category codes) to dense codes.
///
/// Code 0 is always the empty string. Lookups hash the field's bytes in place and compare them
/// with a flat arena, so the ingest path builds no `String`; a `String` is made once per distinct
/// value, for display. Sized for thousands of values, not millions. Only the store's writer
/// uses it.
package final class StringTable: @unchecked Sendable {
    package private(set) var labels: [String] = [""]
    private var arena: UnsafeMutablePointer<UInt8>
    private var arenaCount = 0
    private var arenaCapacity = 1 << 12
    /// `offsets[c] ..< offsets[c + 1]` are code `c`'s bytes in the arena.
    private var offsets: UnsafeMutablePointer<Int>
    private var offsetCapacity = 1 << 10
    private var slots: UnsafeMutablePointer<UInt32>
    private var mask = 1023
    package private(set) var count = 1

    package init() {
        arena = .allocate(capacity: arenaCapacity)
        offsets = .allocate(capacity: offsetCapacity)
        offsets[0] = 0
        offsets[1] = 0
        slots = .allocate(capacity: mask + 1)
        slots.initialize(repeating: 0, count: mask + 1)
    }

    deinit {
        arena.deallocate()
        offsets.deallocate()
        slots.deallocate()
    }

    /// The bytes of code `code`, as they were read.
    package func bytes(_ code: Int) -> [UInt8] {
        Array(UnsafeBufferPointer(start: arena + offsets[code], count: offsets[code + 1] - offsets[code]))
    }

    /// The code of the `n` bytes at `p`, assigning the next code when they are new.
    @inline(__always)
    package func code(_ p: UnsafePointer<UInt8>, _ n: Int) -> UInt32 {
        if n == 0 { return 0 }
        var i = Int(truncatingIfNeeded: ByteHash.hash(p, n)) & mask
        while true {
            let s = slots[i]
            if s == 0 { break }
            if equals(Int(s), p, n) { return s }
            i = (i + 1) & mask
        }
        return insert(p, n, slot: i)
    }

    /// Whether code `code` stands for the `n` bytes at `p`.
    @inline(__always)
    package func matches(_ code: UInt32, _ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        code == 0 ? n == 0 : equals(Int(code), p, n)
    }

    @inline(__always)
    private func equals(_ code: Int, _ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        let start = offsets[code]
        guard offsets[code + 1] - start == n else { return false }
        return Self.sameBytes(arena + start, p, n)
    }

    /// Compares short strings eight bytes at a time; a call to `memcmp` costs more than the
    /// comparison for the 5–40 byte brands and codes.
    @inline(__always)
    private static func sameBytes(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        let ra = UnsafeRawPointer(a)
        let rb = UnsafeRawPointer(b)
        var i = 0
        while i + 8 <= n {
            if ra.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                != rb.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            {
                return false
            }
            i += 8
        }
        while i < n {
            if a[i] != b[i] { return false }
            i += 1
        }
        return true
    }

    private func insert(_ p: UnsafePointer<UInt8>, _ n: Int, slot: Int) -> UInt32 {
        let code = count
        if arenaCount + n > arenaCapacity {
            var cap = arenaCapacity * 2
            while cap < arenaCount + n { cap *= 2 }
            let fresh = UnsafeMutablePointer<UInt8>.allocate(capacity: cap)
            fresh.update(from: arena, count: arenaCount)
            arena.deallocate()
            arena = fresh
            arenaCapacity = cap
        }
        if code + 2 > offsetCapacity {
            let fresh = UnsafeMutablePointer<Int>.allocate(capacity: offsetCapacity * 2)
            fresh.update(from: offsets, count: code + 1)
            offsets.deallocate()
            offsets = fresh
            offsetCapacity *= 2
        }
        (arena + arenaCount).update(from: p, count: n)
        arenaCount += n
        offsets[code + 1] = arenaCount
        labels.append(String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self))
        slots[slot] = UInt32(code)
        count = code + 1
        if count * 2 > mask { grow() }
        return UInt32(code)
    }

    private func grow() {
        let cap = (mask + 1) * 2
        let fresh = UnsafeMutablePointer<UInt32>.allocate(capacity: cap)
        fresh.initialize(repeating: 0, count: cap)
        let m = cap - 1
        for code in 1..<count {
            let start = offsets[code]
            var i = Int(truncatingIfNeeded: ByteHash.hash(arena + start, offsets[code + 1] - start)) & m
            while fresh[i] != 0 { i = (i + 1) & m }
            fresh[i] = UInt32(code)
        }
        slots.deallocate()
        slots = fresh
        mask = m
    }
}
