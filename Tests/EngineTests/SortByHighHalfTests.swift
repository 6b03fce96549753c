import Testing

@testable import Engine

/// `sortByHighHalf()`, the radix sort that groups a few kept rows by user, against the library's sort.
@Suite("Sorting (user, row) pairs by user")
struct SortByHighHalfTests {
    @Test(
        "pairs listed in row order sort as sort() does; equal users keep the given order",
        arguments: [1, 2, 2047, 2048, 2049, 1 << 22, UInt32.max])
    func matchesSort(topUser: UInt32) {
        var generator = SystemRandomNumberGenerator()
        for count in [0, 1, 2, 5, 1000, 70_000] {
            // Rows ascending, users at random (many repeated when the range is small).
            let pairs = (0..<count).map { row in
                UInt64(UInt32.random(in: 0...topUser, using: &generator)) << 32 | UInt64(row)
            }
            var radix = pairs
            radix.sortByHighHalf()
            #expect(radix == pairs.sorted(), "\(count) pairs, users up to \(topUser)")
            // Rows not in order: equal users keep the order they came in (a stable sort).
            let shuffled = pairs.shuffled(using: &generator)
            var stable = shuffled
            stable.sortByHighHalf()
            let expected = shuffled.enumerated().sorted { a, b in
                (a.element >> 32, a.offset) < (b.element >> 32, b.offset)
            }.map(\.element)
            #expect(stable == expected, "\(count) pairs, users up to \(topUser), shuffled")
        }
    }
}
