/// Insight 3: the activity of each category code by UTC hour of day and by ISO weekday, gathered
/// by dictionary code and labelled (at the chosen level) only when evaluated.
struct CategoryAccumulator: InsightAccumulator {
    /// Category code × (24 hours + 7 weekdays), hours first.
    private(set) var cells: [ActivityCounts] = []

    var foldsUsers: Bool { false }

    func empty() -> Self { Self() }

    mutating func prepare(_ snapshot: EventSnapshot) {
        cells.grow(to: snapshot.categoryCount * 31, with: ActivityCounts())
    }

    @inline(__always)
    mutating func fold(_ chunk: EventChunk, _ i: Int, sign: Int) {
        let t = Int64(chunk.time[i])
        let day = t / UTCCalendar.secondsPerDay
        let hour = Int(t % UTCCalendar.secondsPerDay / 3600)
        let weekday = UTCCalendar.isoWeekday(days: day) - 1
        let base = Int(chunk.category[i]) * 31
        let type = chunk.type[i]
        let price = chunk.price[i]
        cells[base + hour].add(type: type, price: price, sign: sign)
        cells[base + 24 + weekday].add(type: type, price: price, sign: sign)
    }

    /// Adds a chunk's rows, counted by category and hour.
    mutating func fold(_ tally: ChunkTally) {
        tally.forEachCategoryHour { c, hour, counts in
            let base = c * 31
            cells[base + Int(hour % 24)].add(counts)
            cells[base + 24 + UTCCalendar.isoWeekday(days: hour / 24) - 1].add(counts)
        }
    }

    mutating func merge(_ o: CategoryAccumulator) {
        cells.grow(to: o.cells.count, with: ActivityCounts())
        for c in o.cells.indices { cells[c].add(o.cells[c]) }
    }

    /// The insight, with codes gathered under their labels at the level of `labels`.
    func evaluate(labels: CategoryLabels, metric: ActivityMetric) -> CategoryActivity {
        var byLabel = [ActivityCounts](repeating: ActivityCounts(), count: labels.labels.count * 31)
        for c in 0..<(cells.count / 31) {
            let l = Int(labels.indexOfCategory[c]) * 31
            for j in 0..<31 { byLabel[l + j].add(cells[c * 31 + j]) }
        }
        return CategoryActivity(cells: byLabel, labels: labels.labels, metric: metric)
    }
}
