/// Comparisons as arithmetic (0 or 1), for loops that add the answer up instead of branching on
/// it: whether a row passes a filter, belongs to a slice of users or is a user's first of its
/// brand is a coin toss the branch predictor loses, 15–20 cycles each time. Written with shifts
/// because the compiler turned `n += condition ? 1 : 0` back into a branch.
enum Branchless {
    /// 1 when `a < b`, else 0; both below 2^63.
    @inline(__always)
    static func less(_ a: UInt64, _ b: UInt64) -> Int {
        Int(UInt64(bitPattern: Int64(bitPattern: a) &- Int64(bitPattern: b)) >> 63)
    }

    /// 1 when `a == b`, else 0.
    @inline(__always)
    static func equal(_ a: UInt32, _ b: UInt32) -> Int {
        1 &- Int((UInt64(a ^ b) &+ 0xFFFF_FFFF) >> 32)
    }

    /// 1 when `flag` is true, else 0.
    @inline(__always)
    static func one(_ flag: Bool) -> Int { Int(unsafeBitCast(flag, to: UInt8.self)) }
}
