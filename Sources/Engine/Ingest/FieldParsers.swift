/// Parsers for single fields, straight from bytes. Each returns `nil` when the field is malformed;
/// the caller turns that into a ``RejectReason``.
enum FieldParsers {
    /// The highest epoch second the store's 32-bit time column holds (2106-02-07).
    static let maxEpochSecond = Int64(UInt32.max)

    @inline(__always)
    static func isDigit(_ c: UInt8) -> Bool { c &- 0x30 < 10 }

    @inline(__always)
    static func twoDigits(_ p: UnsafePointer<UInt8>) -> Int? {
        let a = p[0] &- 0x30
        let b = p[1] &- 0x30
        guard a < 10, b < 10 else { return nil }
        return Int(a) * 10 + Int(b)
    }

    /// A non-empty run of at most 20 digits that fits in 64 bits.
    @inline(__always)
    static func unsigned(_ p: UnsafePointer<UInt8>, _ n: Int) -> UInt64? {
        guard n > 0, n <= 20 else { return nil }
        var v: UInt64 = 0
        if n < 20 {
            for i in 0..<n {
                let d = p[i] &- 0x30
                guard d < 10 else { return nil }
                v = v &* 10 &+ UInt64(d)
            }
            return v
        }
        for i in 0..<n {
            let d = p[i] &- 0x30
            guard d < 10 else { return nil }
            let (m, o1) = v.multipliedReportingOverflow(by: 10)
            let (s, o2) = m.addingReportingOverflow(UInt64(d))
            guard !o1, !o2 else { return nil }
            v = s
        }
        return v
    }

    /// A price with zero, one or two decimals, as integer cents that fit in 32 bits.
    @inline(__always)
    static func cents(_ p: UnsafePointer<UInt8>, _ n: Int) -> UInt32? {
        var i = 0
        var whole: UInt64 = 0
        while i < n, i < 9 {
            let d = p[i] &- 0x30
            if d >= 10 { break }
            whole = whole &* 10 &+ UInt64(d)
            i += 1
        }
        guard i > 0 else { return nil }
        var c = whole &* 100
        if i < n {
            guard p[i] == 0x2E else { return nil }
            let decimals = n - i - 1
            guard decimals == 1 || decimals == 2 else { return nil }
            let d1 = p[i + 1] &- 0x30
            guard d1 < 10 else { return nil }
            c &+= UInt64(d1) &* 10
            if decimals == 2 {
                let d2 = p[i + 2] &- 0x30
                guard d2 < 10 else { return nil }
                c &+= UInt64(d2)
            }
        }
        guard c <= UInt64(UInt32.max) else { return nil }
        return UInt32(c)
    }

    /// A UUID in its canonical lower-case 36-character form, as 128 bits; `nil` for anything else.
    @inline(__always)
    static func uuid(_ p: UnsafePointer<UInt8>, _ n: Int) -> Key128? {
        guard n == 36, p[8] == 0x2D, p[13] == 0x2D, p[18] == 0x2D, p[23] == 0x2D else { return nil }
        var high: UInt64 = 0
        var low: UInt64 = 0
        var nibbles = 0
        for i in 0..<36 where i != 8 && i != 13 && i != 18 && i != 23 {
            let c = p[i]
            let v: UInt8
            if c &- 0x30 < 10 {
                v = c &- 0x30
            } else if c &- 0x61 < 6 {
                v = c &- 0x61 &+ 10
            } else {
                return nil
            }
            if nibbles < 16 { high = high << 4 | UInt64(v) } else { low = low << 4 | UInt64(v) }
            nibbles += 1
        }
        let key = Key128(high: high, low: low)
        // The all-zero key stands for the empty session; a literal all-zero UUID is hashed instead.
        return key == Key128(high: 0, low: 0) ? nil : key
    }

    /// The session key of a non-empty field that is not a canonical UUID: a 128-bit hash.
    ///
    /// Two independent 64-bit FNV-1a streams, each finished with splitmix64's mixer. Distinct
    /// strings collide with probability about n² / 2^129 — for a billion distinct odd sessions,
    /// below 10^-20 — so distinct counts stay exact in practice.
    static func hashedSession(_ p: UnsafePointer<UInt8>, _ n: Int) -> Key128 {
        var a: UInt64 = 0xCBF2_9CE4_8422_2325
        var b: UInt64 = 0x8422_2325_CBF2_9CE4
        for i in 0..<n {
            a = (a ^ UInt64(p[i])) &* 0x0000_0100_0000_01B3
            b = (b ^ UInt64(p[i])) &* 0x0000_0001_0000_0193
        }
        let key = Key128(high: mix64(a ^ UInt64(n)), low: mix64(b &+ 0x5851_F42D_4C95_7F2D))
        return key == Key128(high: 0, low: 0) ? Key128(high: 0, low: 1) : key
    }
}
