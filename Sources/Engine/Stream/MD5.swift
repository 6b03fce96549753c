/// MD5 (RFC 1321), for mapping partition keys to shards exactly as Kinesis does: the key's MD5 as
/// a 128-bit big-endian integer. Not for security.
enum MD5 {
    private static let shifts: [UInt32] = [
        7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14,
        20,
        4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10,
        15, 21,
    ]
    private static let constants: [UInt32] = (0..<64).map { i in
        UInt32(truncatingIfNeeded: Int64((abs(sinApprox(Double(i + 1))) * 4_294_967_296).rounded(.down)))
    }

    /// The digest of `bytes` as (high, low) 64-bit halves of the big-endian 128-bit value.
    static func digest(_ bytes: UnsafeBufferPointer<UInt8>) -> (high: UInt64, low: UInt64) {
        var a0: UInt32 = 0x6745_2301
        var b0: UInt32 = 0xEFCD_AB89
        var c0: UInt32 = 0x98BA_DCFE
        var d0: UInt32 = 0x1032_5476
        var message = Array(bytes)
        let bitLength = UInt64(bytes.count) &* 8
        message.append(0x80)
        while message.count % 64 != 56 { message.append(0) }
        for i in 0..<8 { message.append(UInt8(truncatingIfNeeded: bitLength >> (8 * UInt64(i)))) }
        var m = [UInt32](repeating: 0, count: 16)
        for chunk in stride(from: 0, to: message.count, by: 64) {
            for i in 0..<16 {
                let j = chunk + 4 * i
                m[i] =
                    UInt32(message[j]) | UInt32(message[j + 1]) << 8 | UInt32(message[j + 2]) << 16 | UInt32(
                        message[j + 3]) << 24
            }
            var a = a0, b = b0, c = c0, d = d0
            for i in 0..<64 {
                var f: UInt32
                let g: Int
                switch i {
                case 0..<16: f = (b & c) | (~b & d); g = i
                case 16..<32: f = (d & b) | (~d & c); g = (5 * i + 1) % 16
                case 32..<48: f = b ^ c ^ d; g = (3 * i + 5) % 16
                default: f = c ^ (b | ~d); g = (7 * i) % 16
                }
                f = f &+ a &+ constants[i] &+ m[g]
                a = d
                d = c
                c = b
                b = b &+ (f << shifts[i] | f >> (32 - shifts[i]))
            }
            a0 = a0 &+ a
            b0 = b0 &+ b
            c0 = c0 &+ c
            d0 = d0 &+ d
        }
        // The digest bytes are a0..d0 little-endian; as a big-endian integer, byte 0 is the top.
        func bigEndian(_ x: UInt32, _ y: UInt32) -> UInt64 { UInt64(x.byteSwapped) << 32 | UInt64(y.byteSwapped) }
        return (bigEndian(a0, b0), bigEndian(c0, d0))
    }

    static func digest(_ s: String) -> (high: UInt64, low: UInt64) {
        var s = s
        return s.withUTF8 { digest($0) }
    }

    /// sin(x) without Foundation, accurate to well below the 2^-32 the table needs.
    private static func sinApprox(_ x: Double) -> Double { _sin(x) }
}

#if canImport(Glibc)
    import Glibc
    @inline(__always) func _sin(_ x: Double) -> Double { Glibc.sin(x) }
#else
    import Darwin
    @inline(__always) func _sin(_ x: Double) -> Double { Darwin.sin(x) }
#endif
