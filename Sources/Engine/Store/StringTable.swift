/// Dictionary-encodes short byte strings (brands, category codes) to dense codes.
///
/// Code 0 is always the empty string. Lookups hash the field's bytes in place and compare them
/// with a flat arena, so the ingest path builds no `String`; a `String` is made once per distinct
/// value for display. Sized for thousands of values, not millions.
package struct StringTable {
    package private(set) var labels: [String] = [""]
    private var arena: [UInt8] = []
    private var offsets: [Int] = [0, 0]
    private var slots: [UInt32]
    private var mask: Int

    package init() {
        slots = Array(repeating: 0, count: 1024)
        mask = 1023
    }

    package var count: Int { labels.count }

    /// The code of the `n` bytes at `p`, assigning the next code when they are new.
    @inline(__always)
    package mutating func code(_ p: UnsafePointer<UInt8>, _ n: Int) -> UInt32 {
        if n == 0 { return 0 }
        let h = Self.hash(p, n)
        var i = Int(truncatingIfNeeded: h) & mask
        while true {
            let s = slots[i]
            if s == 0 { break }
            if equals(Int(s), p, n) { return s }
            i = (i + 1) & mask
        }
        let code = labels.count
        arena.append(contentsOf: UnsafeBufferPointer(start: p, count: n))
        offsets.append(arena.count)
        labels.append(String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self))
        slots[i] = UInt32(code)
        if code * 2 > mask { grow() }
        return UInt32(code)
    }

    /// The code of a string, assigning one when it is new.
    package mutating func code(_ s: String) -> UInt32 {
        var s = s
        return s.withUTF8 { b in b.isEmpty ? 0 : code(b.baseAddress!, b.count) }
    }

    @inline(__always)
    private func equals(_ code: Int, _ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        let start = offsets[code]
        let end = offsets[code + 1]
        guard end - start == n else { return false }
        return arena.withUnsafeBufferPointer { buf in
            let q = buf.baseAddress! + start
            for i in 0..<n where q[i] != p[i] { return false }
            return true
        }
    }

    @inline(__always)
    static func hash(_ p: UnsafePointer<UInt8>, _ n: Int) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for i in 0..<n {
            h = (h ^ UInt64(p[i])) &* 0x0000_0100_0000_01B3
        }
        return mix64(h)
    }

    private mutating func grow() {
        let cap = slots.count * 2
        var fresh = [UInt32](repeating: 0, count: cap)
        let m = cap - 1
        for code in 1..<labels.count {
            let start = offsets[code]
            let end = offsets[code + 1]
            let h = arena.withUnsafeBufferPointer { Self.hash($0.baseAddress! + start, end - start) }
            var i = Int(truncatingIfNeeded: h) & m
            while fresh[i] != 0 { i = (i + 1) & m }
            fresh[i] = UInt32(code)
        }
        slots = fresh
        mask = m
    }
}
