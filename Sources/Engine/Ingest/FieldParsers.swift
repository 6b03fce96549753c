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
    ///
    /// Eight digits at a time where it can (the 19-digit `category_id` takes three steps, not 19).
    @inline(__always)
    static func unsigned(_ p: UnsafePointer<UInt8>, _ n: Int) -> UInt64? {
        guard n > 0, n <= 20 else { return nil }
        if n == 20 { return unsignedChecked(p, n) }
        var v: UInt64 = 0
        var i = 0
        let raw = UnsafeRawPointer(p)
        while i + 8 <= n {
            guard let d = eightDigits(raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) else { return nil }
            v = v &* 100_000_000 &+ d
            i += 8
        }
        while i < n {
            let d = p[i] &- 0x30
            guard d < 10 else { return nil }
            v = v &* 10 &+ UInt64(d)
            i += 1
        }
        return v
    }

    /// The value of eight ASCII digits loaded little-endian (first digit in the lowest byte), or
    /// `nil` if any byte is not a digit. SWAR: three multiplies instead of eight.
    @inline(__always)
    static func eightDigits(_ w: UInt64) -> UInt64? {
        let high = w & 0xF0F0_F0F0_F0F0_F0F0
        let carried = ((w &+ 0x0606_0606_0606_0606) & 0xF0F0_F0F0_F0F0_F0F0) >> 4
        guard high | carried == 0x3333_3333_3333_3333 else { return nil }
        var v = w & 0x0F0F_0F0F_0F0F_0F0F
        v = (v &* 10 &+ (v >> 8)) & 0x00FF_00FF_00FF_00FF
        v = (v &* 100 &+ (v >> 16)) & 0x0000_FFFF_0000_FFFF
        v = (v &* 10_000 &+ (v >> 32)) & 0xFFFF_FFFF
        return v
    }

    private static func unsignedChecked(_ p: UnsafePointer<UInt8>, _ n: Int) -> UInt64? {
        var v: UInt64 = 0
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
        let raw = UnsafeRawPointer(p)
        @inline(__always) func word(_ at: Int) -> UInt64 { raw.loadUnaligned(fromByteOffset: at, as: UInt64.self) }
        @inline(__always) func half(_ at: Int) -> UInt64 {
            UInt64(raw.loadUnaligned(fromByteOffset: at, as: UInt32.self))
        }
        // The 32 hex digits, gathered into four words of eight.
        guard let a = eightHex(word(0)), let b = eightHex(half(9) | half(14) << 32),
            let c = eightHex(half(19) | half(24) << 32), let d = eightHex(word(28))
        else { return nil }
        let key = Key128(high: a << 32 | b, low: c << 32 | d)
        // The all-zero key stands for the empty session; a literal all-zero UUID is hashed instead.
        return key == Key128(high: 0, low: 0) ? nil : key
    }

    /// The value of eight lower-case hex digits loaded little-endian, or `nil` if any byte is not
    /// one. Decodes every byte, then re-encodes and compares: only canonical digits survive.
    @inline(__always)
    static func eightHex(_ w: UInt64) -> UInt64? {
        let nibbles = (w & 0x0F0F_0F0F_0F0F_0F0F) &+ 9 &* ((w >> 6) & 0x0101_0101_0101_0101)
        let letters = ((nibbles &+ 0x0606_0606_0606_0606) & 0x1010_1010_1010_1010) >> 4
        guard nibbles &+ 0x3030_3030_3030_3030 &+ 0x27 &* letters == w else { return nil }
        // Pairs of nibbles to bytes, then bytes together; the first digit is the most significant.
        var t = ((nibbles & 0x000F_000F_000F_000F) << 4) | ((nibbles & 0x0F00_0F00_0F00_0F00) >> 8)
        t = (t | (t >> 8)) & 0x0000_FFFF_0000_FFFF
        t = (t | (t >> 16)) & 0xFFFF_FFFF
        return UInt64(UInt32(truncatingIfNeeded: t).byteSwapped)
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
