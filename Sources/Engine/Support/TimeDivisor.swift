/// Division of 32-bit times by a divisor known only at run time (a burst window's length, a
/// series' bucket), by one multiplication instead of a hardware division.
///
/// Per-user folds divide every row's time by a window length; a 64-bit `div` costs tens of cycles,
/// about a third of a burst fold over a month. For a divisor `d`, `m = ⌊(2⁶⁴ − 1) / d⌋ + 1` gives
/// `⌊t / d⌋` as the high half of `m × t` for every 32-bit `t` (Lemire, Kaser and Kurz, "Faster
/// remainder by direct computation", 2019).
struct TimeDivisor {
    let divisor: Int64
    private let magic: UInt64

    init(_ divisor: Int64) {
        precondition(divisor >= 1 && divisor <= Int64(UInt32.max), "a divisor of 1 to 2³² − 1")
        self.divisor = divisor
        magic = divisor == 1 ? 0 : UInt64.max / UInt64(divisor) &+ 1
    }

    /// `⌊t / divisor⌋`.
    @inline(__always)
    func quotient(_ t: UInt32) -> Int64 {
        divisor == 1 ? Int64(t) : Int64(magic.multipliedFullWidth(by: UInt64(t)).high)
    }
}
