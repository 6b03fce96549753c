/// A small, fast, seedable generator (xoshiro256**), so `generate --seed S` gives the same file on
/// every machine and every run.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var s0, s1, s2, s3: UInt64

    public init(seed: UInt64) {
        var x = seed
        func next() -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            return mix64(x)
        }
        s0 = next(); s1 = next(); s2 = next(); s3 = next()
    }

    @inline(__always)
    public mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = s3 << 45 | s3 >> 19
        return result
    }

    /// A uniform double in [0, 1).
    @inline(__always)
    mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// A uniform integer in `0..<n`.
    @inline(__always)
    mutating func below(_ n: Int) -> Int { Int(next().multipliedFullWidth(by: UInt64(n)).high) }

    /// A standard normal deviate (Box–Muller).
    mutating func normal() -> Double {
        let u = max(unit(), 1e-300)
        let v = unit()
        return (-2 * _log(u)).squareRoot() * _cos(2 * Double.pi * v)
    }

    /// An exponential deviate with the given mean.
    @inline(__always)
    mutating func exponential(mean: Double) -> Double { -mean * _log(1 - unit()) }
}

#if canImport(Glibc)
    import Glibc
    @inline(__always) func _log(_ x: Double) -> Double { Glibc.log(x) }
    @inline(__always) func _cos(_ x: Double) -> Double { Glibc.cos(x) }
    @inline(__always) func _exp(_ x: Double) -> Double { Glibc.exp(x) }
    @inline(__always) func _pow(_ x: Double, _ y: Double) -> Double { Glibc.pow(x, y) }
#else
    import Darwin
    @inline(__always) func _log(_ x: Double) -> Double { Darwin.log(x) }
    @inline(__always) func _cos(_ x: Double) -> Double { Darwin.cos(x) }
    @inline(__always) func _exp(_ x: Double) -> Double { Darwin.exp(x) }
    @inline(__always) func _pow(_ x: Double, _ y: Double) -> Double { Darwin.pow(x, y) }
#endif
