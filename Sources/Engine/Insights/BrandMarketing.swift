/// Insight 4: the brand funnel, and the brands that convert well but are seen too little.
///
/// Over brands with at least `minViews` views, a brand is under-exposed when its conversion is at
/// or above the median conversion and its visitors at or below the median visitors; its
/// opportunity is (median visitors − visitors) × revenue / visitors. The `(none)` label (rows with
/// no brand) is listed in the funnel but takes no part in the medians or the ranking: nobody can
/// market "no brand".
public struct BrandMarketing: Sendable, Codable {
    public struct Brand: Sendable, Equatable, Codable {
        public var label: String
        public var counts: ActivityCounts
        /// Distinct users with any event on the brand, and with a purchase of it.
        public var visitors: Int
        public var buyers: Int
        public var underExposed: Bool
        /// (median visitors − visitors) × revenue / visitors, in cents rounded half up; 0 unless
        /// under-exposed. Computed in integers, so the ranking never hangs on a rounding error.
        public var opportunityCents: Int64

        /// purchases / views, 0 when views = 0.
        public var conversion: Double {
            counts.views == 0 ? 0 : Double(counts.purchases) / Double(counts.views)
        }

        /// carts / views, 0 when views = 0.
        public var cartRate: Double { counts.views == 0 ? 0 : Double(counts.carts) / Double(counts.views) }
    }

    /// Every brand with an event, by views (highest first, ties by label).
    public var brands: [Brand]
    /// Under-exposed brands by opportunity (highest first, ties by label).
    public var underExposed: [Brand]
    public var minViews: Int
    /// Brands with at least `minViews` views (without `(none)`): the population of the medians.
    public var eligibleBrands: Int
    public var medianConversion: Double
    public var medianVisitors: Double

    public init(_ snapshot: EventSnapshot, window: TimeWindow, minViews: Int = 100) {
        self = InsightFolding.fold(snapshot, options: InsightOptions(window: window), into: BrandAccumulator())
            .evaluate(brandLabels: snapshot.brandLabels, minViews: minViews)
    }

    /// The insight from its figures by brand code (see ``BrandAccumulator``): counts, and
    /// distinct visitors and buyers.
    init(counts: [ActivityCounts], reach: [(visitors: Int, buyers: Int)], brandLabels: [String], minViews: Int) {
        var brands: [Brand] = []
        for b in 0..<counts.count where counts[b].events > 0 {
            let label = brandLabels[b].isEmpty ? EventSchema.noneLabel : brandLabels[b]
            brands.append(
                Brand(
                    label: label, counts: counts[b], visitors: reach[b].visitors, buyers: reach[b].buyers,
                    underExposed: false, opportunityCents: 0))
        }
        let eligible = brands.indices.filter {
            brands[$0].counts.views >= minViews && brands[$0].label != EventSchema.noneLabel
        }
        medianConversion = Self.median(eligible.map { brands[$0].conversion })
        medianVisitors = Self.median(eligible.map { Double(brands[$0].visitors) })
        for i in eligible where brands[i].conversion >= medianConversion && Double(brands[i].visitors) <= medianVisitors
        {
            brands[i].underExposed = true
            // The median of whole numbers is a whole or a half: work in halves, exactly.
            let twiceMedian = Int64((medianVisitors * 2).rounded())
            let twiceVisitors = 2 * Int64(brands[i].visitors)
            let numerator = (twiceMedian - twiceVisitors) * brands[i].counts.revenueCents
            brands[i].opportunityCents = (2 * numerator + twiceVisitors) / (2 * twiceVisitors)
        }
        eligibleBrands = eligible.count
        self.minViews = minViews
        brands.sort { a, b in a.counts.views != b.counts.views ? a.counts.views > b.counts.views : a.label < b.label }
        self.brands = brands
        underExposed = brands.filter(\.underExposed).sorted { a, b in
            a.opportunityCents != b.opportunityCents ? a.opportunityCents > b.opportunityCents : a.label < b.label
        }
    }

    /// The middle value, or the mean of the two middle values; 0 for none.
    static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        let s = values.sorted()
        let m = s.count / 2
        return s.count % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2
    }
}
