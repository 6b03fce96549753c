/// Insight 4: each brand's funnel (row by row) and its reach — distinct visitors and buyers (a
/// user at a time) — by brand code; the medians and the marketing signal come at evaluation.
struct BrandAccumulator: InsightAccumulator {
    private(set) var counts: [ActivityCounts] = []
    private(set) var visitors: [Int] = []
    private(set) var buyers: [Int] = []
    private var seen = DistinctMarks()
    private var bought = DistinctMarks()

    var foldsUsers: Bool { true }

    func empty() -> Self { Self() }

    mutating func prepare(_ snapshot: EventSnapshot) {
        let n = snapshot.brandLabels.count
        counts.grow(to: n, with: ActivityCounts())
        visitors.grow(to: n, with: 0)
        buyers.grow(to: n, with: 0)
    }

    @inline(__always)
    mutating func fold(_ chunk: EventChunk, _ i: Int, sign: Int) {
        counts[Int(chunk.brand[i])].add(type: chunk.type[i], price: chunk.price[i], sign: sign)
    }

    /// Adds a chunk's rows, counted by brand.
    mutating func fold(_ tally: ChunkTally) {
        tally.forEachBrand { b, c in counts[b].add(c) }
    }

    mutating func fold(user: UserRows, sign: Int) {
        seen.next(size: visitors.count)
        bought.next(size: visitors.count)
        visitors.withUnsafeMutableBufferPointer { visitors in
            buyers.withUnsafeMutableBufferPointer { buyers in
                seen.withMarks { seen in
                    bought.withMarks { bought in
                        for r in user.rows {
                            let b = Int(r.brand)
                            visitors[b] &+= sign &* seen(b)
                            if r.type == EventType.purchase.rawValue { buyers[b] &+= sign &* bought(b) }
                        }
                    }
                }
            }
        }
    }

    /// Key: the row's brand.
    func widen(_ scope: inout UserScope, for row: UserRow) { scope.addBrand(row.brand) }

    mutating func merge(_ o: BrandAccumulator) {
        let n = max(counts.count, o.counts.count)
        counts.grow(to: n, with: ActivityCounts())
        visitors.grow(to: n, with: 0)
        buyers.grow(to: n, with: 0)
        for b in o.counts.indices {
            counts[b].add(o.counts[b])
            visitors[b] += o.visitors[b]
            buyers[b] += o.buyers[b]
        }
    }

    func evaluate(brandLabels: [String], minViews: Int) -> BrandMarketing {
        BrandMarketing(
            counts: counts, reach: counts.indices.map { (visitors[$0], buyers[$0]) }, brandLabels: brandLabels,
            minViews: minViews)
    }
}
