/// Draws indexes in proportion to fixed weights, by binary search over cumulative weights.
struct WeightedSampler: Sendable {
    private let cumulative: [Double]

    init(_ weights: [Double]) {
        var c: [Double] = []
        c.reserveCapacity(weights.count)
        var total = 0.0
        for w in weights {
            total += max(0, w)
            c.append(total)
        }
        cumulative = c
    }

    var count: Int { cumulative.count }

    /// Zipf-like weights `1 / (rank + 1)^exponent`: a few very popular items and a long tail.
    static func zipf(_ n: Int, exponent: Double) -> WeightedSampler {
        WeightedSampler((0..<n).map { 1 / _pow(Double($0 + 1), exponent) })
    }

    @inline(__always)
    func sample(_ rng: inout SeededRandom) -> Int {
        let x = rng.unit() * cumulative[cumulative.count - 1]
        var lo = 0
        var hi = cumulative.count - 1
        while lo < hi {
            let mid = (lo + hi) >> 1
            if cumulative[mid] > x { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }
}
