import Testing

@testable import Engine

/// `TimeDivisor`, the multiplication that replaces a division per row in the per-user folds,
/// against the hardware division.
@Suite("Time divisor")
struct TimeDivisorTests {
    @Test("the quotient equals t / d for the edges of the 32-bit range and random times, for window and bucket lengths")
    func equalsDivision() {
        var generator = SystemRandomNumberGenerator()
        let divisors: [Int64] = [
            1, 2, 3, 7, 10, 60, 3600, 86_400, 1 << 20, 1_000_003, Int64(UInt32.max) - 1, Int64(UInt32.max),
        ]
        let edges: [UInt32] = [0, 1, 9, 10, 11, 3599, 3600, 1_569_888_000, UInt32.max - 1, UInt32.max]
        for d in divisors {
            let divisor = TimeDivisor(d)
            var times = edges
            for _ in 0..<10_000 { times.append(UInt32.random(in: 0...UInt32.max, using: &generator)) }
            // Around multiples of d, where a quotient off by one would show.
            for k in [1, 2, 1000] as [Int64] where k * d < Int64(UInt32.max) {
                times += [UInt32(k * d - 1), UInt32(k * d)]
                if k * d + 1 <= Int64(UInt32.max) { times.append(UInt32(k * d + 1)) }
            }
            for t in times {
                #expect(divisor.quotient(t) == Int64(t) / d, "\(t) / \(d)")
            }
        }
    }
}
