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
    ///
    /// Partition keys are short: messages up to 55 bytes (one block) are hashed in a stack
    /// buffer with no allocation.
    static func digest(_ bytes: UnsafeBufferPointer<UInt8>) -> (high: UInt64, low: UInt64) {
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
            constants.withUnsafeBufferPointer { k in
                shifts.withUnsafeBufferPointer { r in
                    for chunk in stride(from: 0, to: padded, by: 64) {
                        @inline(__always) func m(_ g: Int) -> UInt32 {
                            UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: chunk + 4 * g, as: UInt32.self))
                        }
                        var (a, b, c, d) = state
                        @inline(__always) func step(_ f: UInt32, _ i: Int, _ g: Int) {
                            let x = f &+ a &+ k[i] &+ m(g)
                            a = d
                            d = c
                            c = b
                            b = b &+ (x << r[i] | x >> (32 - r[i]))
                        }
                        for i in 0..<16 { step((b & c) | (~b & d), i, i) }
                        for i in 16..<32 { step((d & b) | (~d & c), i, (5 * i + 1) & 15) }
                        for i in 32..<48 { step(b ^ c ^ d, i, (3 * i + 5) & 15) }
                        for i in 48..<64 { step(c ^ (b | ~d), i, (7 * i) & 15) }
                        state = (state.0 &+ a, state.1 &+ b, state.2 &+ c, state.3 &+ d)
                    }
                }
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
