import Dashboard
import Testing

/// The constraint layout the panels are built with: each part gets what it asks for when there is
/// room, fills share the rest by weight, and a short space is taken from percentages, then lengths,
/// then mins, from the last part backwards.
@Suite("Layout by constraints")
struct LayoutTests {
    @Test("lengths, fills by weight, percentages, mins sharing what is left, gaps")
    func sizes() {
        #expect(Layout.sizes([.length(3), .fill(1), .length(2)], total: 10) == [3, 5, 2])
        #expect(Layout.sizes([.fill(1), .fill(3)], total: 8) == [2, 6])
        #expect(Layout.sizes([.percentage(40), .fill(1)], total: 10) == [4, 6])
        #expect(Layout.sizes([.min(2), .min(2)], total: 10) == [5, 5])
        #expect(Layout.sizes([.length(2), .length(3)], total: 10) == [2, 3], "no fill, no min: the rest stays empty")
        #expect(Layout.sizes([.fill(1), .fill(1), .fill(1)], total: 10, gap: 1) == [2, 3, 3])
    }

    @Test("a short space: the Live panel's charts (11 rows) give way before the 8 rows below them")
    func shortage() {
        #expect(Layout.sizes([.length(11), .min(8)], total: 30) == [11, 19])
        #expect(Layout.sizes([.length(11), .min(8)], total: 15) == [7, 8])
        #expect(Layout.sizes([.length(11), .min(8)], total: 5) == [0, 5])
        #expect(Layout.sizes([.length(4), .percentage(50), .length(4)], total: 8) == [4, 0, 4])
        #expect(Layout.sizes([.length(4), .length(4)], total: 6) == [4, 2], "the last part gives way first")
    }

    @Test("with a fill, the parts tile the space exactly and never overlap, whatever the constraints")
    func tiling() {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let total = Int.random(in: 0...200, using: &rng)
            let gap = Int.random(in: 0...2, using: &rng)
            var constraints: [Constraint] = (0..<Int.random(in: 0...5, using: &rng)).map { _ in
                switch Int.random(in: 0..<3, using: &rng) {
                case 0: .length(Int.random(in: 0...60, using: &rng))
                case 1: .min(Int.random(in: 0...30, using: &rng))
                default: .percentage(Int.random(in: 0...60, using: &rng))
                }
            }
            constraints.insert(.fill(Int.random(in: 1...3, using: &rng)), at: Int.random(in: 0...constraints.count))
            let sizes = Layout.sizes(constraints, total: total, gap: gap)
            #expect(sizes.allSatisfy { $0 >= 0 })
            let used = sizes.reduce(0, +) + gap * (constraints.count - 1)
            #expect(used == total || total < gap * (constraints.count - 1), "\(constraints) in \(total): \(sizes)")
            let rects = Layout.vertical(constraints, gap: gap).split(Rect(x: 3, y: 5, width: 10, height: total))
            for (a, b) in zip(rects, rects.dropFirst()) { #expect(a.maxY + gap == b.y) }
        }
    }
}
