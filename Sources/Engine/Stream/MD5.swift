/// MD5 (RFC 1321), for mapping partition keys to shards exactly as Kinesis does: the key's MD5 as
/// a 128-bit big-endian integer. Not for security.
///
/// Every record a producer sends is hashed, so the 64 steps are written out with their constants
/// and rotations inline (a table-driven loop ran three times slower).
public enum MD5 {
    /// The digest of `bytes` as (high, low) 64-bit halves of the big-endian 128-bit value.
    ///
    /// Partition keys are short: messages up to 55 bytes (one block) are hashed in a stack
    /// buffer with no allocation.
    public static func digest(_ bytes: UnsafeBufferPointer<UInt8>) -> (high: UInt64, low: UInt64) {
        let padded = (bytes.count + 8) / 64 * 64 + 64
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: padded) { message in
            if let base = bytes.baseAddress, bytes.count > 0 {
                message.baseAddress!.update(from: base, count: bytes.count)
            }
            message[bytes.count] = 0x80
            for i in (bytes.count + 1)..<padded { message[i] = 0 }
            let bitLength = UInt64(bytes.count) &* 8
            for i in 0..<8 { message[padded - 8 + i] = UInt8(truncatingIfNeeded: bitLength >> (8 * UInt64(i))) }
            var state: (UInt32, UInt32, UInt32, UInt32) = (0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476)
            let raw = UnsafeRawPointer(message.baseAddress!)
            for chunk in stride(from: 0, to: padded, by: 64) {
                state = block(raw + chunk, state)
            }
            // The digest bytes are the state words little-endian; as a big-endian integer, byte 0 is the top.
            func bigEndian(_ x: UInt32, _ y: UInt32) -> UInt64 { UInt64(x.byteSwapped) << 32 | UInt64(y.byteSwapped) }
            return (bigEndian(state.0, state.1), bigEndian(state.2, state.3))
        }
    }

    static func digest(_ s: String) -> (high: UInt64, low: UInt64) {
        var s = s
        return s.withUTF8 { digest($0) }
    }

    /// One 64-byte block into the state.
    @inline(__always)
    private static func block(
        _ p: UnsafeRawPointer, _ state: (UInt32, UInt32, UInt32, UInt32)
    ) -> (UInt32, UInt32, UInt32, UInt32) {
        @inline(__always) func word(_ i: Int) -> UInt32 {
            UInt32(littleEndian: p.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self))
        }
        @inline(__always) func rotate(_ x: UInt32, _ s: UInt32) -> UInt32 { x << s | x >> (32 - s) }
        @inline(__always) func ff(
            _ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: UInt32, _ m: UInt32, _ k: UInt32, _ s: UInt32
        )
            -> UInt32
        { b &+ rotate(a &+ ((b & c) | (~b & d)) &+ m &+ k, s) }
        @inline(__always) func gg(
            _ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: UInt32, _ m: UInt32, _ k: UInt32, _ s: UInt32
        )
            -> UInt32
        { b &+ rotate(a &+ ((d & b) | (~d & c)) &+ m &+ k, s) }
        @inline(__always) func hh(
            _ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: UInt32, _ m: UInt32, _ k: UInt32, _ s: UInt32
        )
            -> UInt32
        { b &+ rotate(a &+ (b ^ c ^ d) &+ m &+ k, s) }
        @inline(__always) func ii(
            _ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: UInt32, _ m: UInt32, _ k: UInt32, _ s: UInt32
        )
            -> UInt32
        { b &+ rotate(a &+ (c ^ (b | ~d)) &+ m &+ k, s) }
        let (m0, m1, m2, m3, m4, m5, m6, m7) = (word(0), word(1), word(2), word(3), word(4), word(5), word(6), word(7))
        let (m8, m9, m10, m11, m12, m13, m14, m15) = (
            word(8), word(9), word(10), word(11), word(12), word(13), word(14), word(15)
        )
        var (a, b, c, d) = state
        a = ff(a, b, c, d, m0, 0xD76AA478, 7)
        d = ff(d, a, b, c, m1, 0xE8C7B756, 12)
        c = ff(c, d, a, b, m2, 0x242070DB, 17)
        b = ff(b, c, d, a, m3, 0xC1BDCEEE, 22)
        a = ff(a, b, c, d, m4, 0xF57C0FAF, 7)
        d = ff(d, a, b, c, m5, 0x4787C62A, 12)
        c = ff(c, d, a, b, m6, 0xA8304613, 17)
        b = ff(b, c, d, a, m7, 0xFD469501, 22)
        a = ff(a, b, c, d, m8, 0x698098D8, 7)
        d = ff(d, a, b, c, m9, 0x8B44F7AF, 12)
        c = ff(c, d, a, b, m10, 0xFFFF5BB1, 17)
        b = ff(b, c, d, a, m11, 0x895CD7BE, 22)
        a = ff(a, b, c, d, m12, 0x6B901122, 7)
        d = ff(d, a, b, c, m13, 0xFD987193, 12)
        c = ff(c, d, a, b, m14, 0xA679438E, 17)
        b = ff(b, c, d, a, m15, 0x49B40821, 22)
        a = gg(a, b, c, d, m1, 0xF61E2562, 5)
        d = gg(d, a, b, c, m6, 0xC040B340, 9)
        c = gg(c, d, a, b, m11, 0x265E5A51, 14)
        b = gg(b, c, d, a, m0, 0xE9B6C7AA, 20)
        a = gg(a, b, c, d, m5, 0xD62F105D, 5)
        d = gg(d, a, b, c, m10, 0x02441453, 9)
        c = gg(c, d, a, b, m15, 0xD8A1E681, 14)
        b = gg(b, c, d, a, m4, 0xE7D3FBC8, 20)
        a = gg(a, b, c, d, m9, 0x21E1CDE6, 5)
        d = gg(d, a, b, c, m14, 0xC33707D6, 9)
        c = gg(c, d, a, b, m3, 0xF4D50D87, 14)
        b = gg(b, c, d, a, m8, 0x455A14ED, 20)
        a = gg(a, b, c, d, m13, 0xA9E3E905, 5)
        d = gg(d, a, b, c, m2, 0xFCEFA3F8, 9)
        c = gg(c, d, a, b, m7, 0x676F02D9, 14)
        b = gg(b, c, d, a, m12, 0x8D2A4C8A, 20)
        a = hh(a, b, c, d, m5, 0xFFFA3942, 4)
        d = hh(d, a, b, c, m8, 0x8771F681, 11)
        c = hh(c, d, a, b, m11, 0x6D9D6122, 16)
        b = hh(b, c, d, a, m14, 0xFDE5380C, 23)
        a = hh(a, b, c, d, m1, 0xA4BEEA44, 4)
        d = hh(d, a, b, c, m4, 0x4BDECFA9, 11)
        c = hh(c, d, a, b, m7, 0xF6BB4B60, 16)
        b = hh(b, c, d, a, m10, 0xBEBFBC70, 23)
        a = hh(a, b, c, d, m13, 0x289B7EC6, 4)
        d = hh(d, a, b, c, m0, 0xEAA127FA, 11)
        c = hh(c, d, a, b, m3, 0xD4EF3085, 16)
        b = hh(b, c, d, a, m6, 0x04881D05, 23)
        a = hh(a, b, c, d, m9, 0xD9D4D039, 4)
        d = hh(d, a, b, c, m12, 0xE6DB99E5, 11)
        c = hh(c, d, a, b, m15, 0x1FA27CF8, 16)
        b = hh(b, c, d, a, m2, 0xC4AC5665, 23)
        a = ii(a, b, c, d, m0, 0xF4292244, 6)
        d = ii(d, a, b, c, m7, 0x432AFF97, 10)
        c = ii(c, d, a, b, m14, 0xAB9423A7, 15)
        b = ii(b, c, d, a, m5, 0xFC93A039, 21)
        a = ii(a, b, c, d, m12, 0x655B59C3, 6)
        d = ii(d, a, b, c, m3, 0x8F0CCC92, 10)
        c = ii(c, d, a, b, m10, 0xFFEFF47D, 15)
        b = ii(b, c, d, a, m1, 0x85845DD1, 21)
        a = ii(a, b, c, d, m8, 0x6FA87E4F, 6)
        d = ii(d, a, b, c, m15, 0xFE2CE6E0, 10)
        c = ii(c, d, a, b, m6, 0xA3014314, 15)
        b = ii(b, c, d, a, m13, 0x4E0811A1, 21)
        a = ii(a, b, c, d, m4, 0xF7537E82, 6)
        d = ii(d, a, b, c, m11, 0xBD3AF235, 10)
        c = ii(c, d, a, b, m2, 0x2AD7D2BB, 15)
        b = ii(b, c, d, a, m9, 0xEB86D391, 21)
        return (state.0 &+ a, state.1 &+ b, state.2 &+ c, state.3 &+ d)
    }
}
