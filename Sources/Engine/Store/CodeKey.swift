/// A fixed-size key that ``CodeTable`` can dictionary-encode.
package protocol CodeKey: BitwiseCopyable, Equatable {
    /// A well-mixed 64-bit hash; the table uses its top bits.
    var mixedHash: UInt64 { get }
}

@inline(__always)
func mix64(_ x: UInt64) -> UInt64 {
    // splitmix64's finaliser: every input bit affects every output bit.
    var z = x &+ 0x9E37_79B9_7F4A_7C15
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
}

extension UInt64: CodeKey {
    @inline(__always) package var mixedHash: UInt64 { mix64(self) }
}

/// A 128-bit key: a UUID-shaped session id, or the 128-bit hash of any other session string.
package struct Key128: CodeKey, Hashable {
    package var high: UInt64
    package var low: UInt64

    package init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    @inline(__always) package var mixedHash: UInt64 { mix64(high ^ (low &* 0xC2B2_AE3D_27D4_EB4F)) }
}
