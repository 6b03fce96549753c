/// Insight 3: activity of each category by UTC hour of day and by ISO weekday.
public struct CategoryActivity: Sendable, Codable {
    public struct Category: Sendable, Equatable, Codable {
        public var label: String
        public var total: ActivityCounts
        /// Indexed by hour 0–23.
        public var byHour: [ActivityCounts]
        /// Indexed by weekday − 1 (0 = Monday … 6 = Sunday).
        public var byWeekday: [ActivityCounts]
    }

    /// Categories with at least one event, ranked by `metric` (highest first, ties by label).
    public var categories: [Category]
    public var metric: ActivityMetric

    public init(_ snapshot: EventSnapshot, window: TimeWindow, level: Int?, metric: ActivityMetric = .views) {
        self = InsightFolding.fold(snapshot, options: InsightOptions(window: window), into: CategoryAccumulator())
            .evaluate(labels: CategoryLabels(snapshot, level: level), metric: metric)
    }

    /// The insight from its cells (see ``CategoryAccumulator``): label × (24 hours + 7 weekdays),
    /// hours first.
    init(cells: [ActivityCounts], labels: [String], metric: ActivityMetric) {
        var categories: [Category] = []
        for l in 0..<labels.count {
            let byHour = Array(cells[(l * 31)..<(l * 31 + 24)])
            let byWeekday = Array(cells[(l * 31 + 24)..<(l * 31 + 31)])
            var total = ActivityCounts()
            for h in byHour { total.add(h) }
            guard total.events > 0 else { continue }
            categories.append(Category(label: labels[l], total: total, byHour: byHour, byWeekday: byWeekday))
        }
        categories.sort { a, b in
            let x = a.total.value(metric)
            let y = b.total.value(metric)
            return x != y ? x > y : a.label < b.label
        }
        self.categories = categories
        self.metric = metric
    }
}
