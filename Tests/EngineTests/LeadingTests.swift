import Testing

@testable import Engine

/// `leading(_:by:)`, the bounded top-N behind the ranked lists, against a full sort.
@Suite("Leading elements")
struct LeadingTests {
    @Test("the first N by a total order equal the first N of the sorted sequence, for every N")
    func equalsSortedPrefix() {
        var generator = SystemRandomNumberGenerator()
        for size in [0, 1, 2, 7, 100, 1_000] {
            // Few distinct values, so ties are broken by the second key.
            let items = (0..<size).map { i in (value: Int.random(in: 0..<10, using: &generator), id: i) }.shuffled()
            let precedes = { (a: (value: Int, id: Int), b: (value: Int, id: Int)) in
                a.value != b.value ? a.value > b.value : a.id < b.id
            }
            let sorted = items.sorted(by: precedes)
            for n in [0, 1, 3, size / 2, size, size + 5] {
                #expect(items.leading(n, by: precedes).map(\.id) == sorted.prefix(n).map(\.id))
            }
            #expect(items.leading(nil, by: precedes).map(\.id) == sorted.map(\.id))
        }
    }
}
