/// Insight 3: activity of each category by UTC hour of day and by ISO weekday.
public struct CategoryActivity: Sendable {
    public struct Category: Sendable, Equatable {
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
        self.init(snapshot, filter: RowPredicate(window: window), level: level, metric: metric)
    }

    init(_ snapshot: EventSnapshot, filter: RowPredicate, level: Int?, metric: ActivityMetric) {
        let labels = CategoryLabels(snapshot, level: level)
        let n = labels.labels.count
        let index = labels.indexOfCategory
        let parts = Parallel.ranges(snapshot.chunkCount, parts: Parallel.width)
        let partials: [[ActivityCounts]] = Parallel.map(parts.count) { p in
            // Cells: label × (24 hours + 7 weekdays).
            var cells = [ActivityCounts](repeating: ActivityCounts(), count: n * 31)
            cells.withUnsafeMutableBufferPointer { cells in
                index.withUnsafeBufferPointer { index in
                    for k in parts[p] {
                        let chunk = snapshot.chunk(k)
                        chunk.forEachRow(matching: filter) { i in
                            let t = Int64(chunk.time[i])
                            let day = t / UTCCalendar.secondsPerDay
                            let hour = Int(t % UTCCalendar.secondsPerDay / 3600)
                            let weekday = UTCCalendar.isoWeekday(days: day) - 1
                            let base = Int(index[Int(chunk.category[i])]) * 31
                            let type = chunk.type[i]
                            let price = chunk.price[i]
                            cells[base + hour].add(type: type, price: price)
                            cells[base + 24 + weekday].add(type: type, price: price)
                        }
                    }
                }
            }
            return cells
        }
        var cells = partials[0]
        for p in partials.dropFirst() {
            for j in 0..<cells.count { cells[j].add(p[j]) }
        }
        self.init(cells: cells, labels: labels.labels, metric: metric)
    }

    /// The insight from its cells, however they were gathered: label × (24 hours + 7 weekdays),
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
