/// One chunk's kept rows counted by category, UTC hour and event type, and by brand and event type,
/// with their revenue: what the row-by-row figures of the category, brand, hourly and daily
/// insights add up, gathered in small tables first and added to theirs once per chunk.
///
/// Counted straight into the insights' tables, a row costs two 40-byte updates in a table of
/// 624 categories × 31 cells (three quarters of a megabyte: a cache miss for most rows), one in the
/// brands' table and a division per time bucket. A chunk's 65,536 rows span a few hours, so their
/// counts fit in a table of a few tens of kilobytes, 4 bytes a cell. The report and a new filter
/// fold through a tally (``InsightSet/fold(_:chunk:)``); a live batch, which takes rows back as
/// well, goes row by row.
struct ChunkTally {
    /// The most hours a chunk's rows may span to be tallied; wider chunks (a slow night, rows out
    /// of order, a chunk still filling) go row by row.
    static let maxHours = 48
    /// The fewest kept rows a chunk needs to be tallied: adding a tally to the insights' tables
    /// visits every category-hour and brand cell (tens of microseconds), which a narrow filter's
    /// few rows a chunk do not repay.
    static let minRows = 4_096

    /// The chunk's first hour (hours since 1970) and how many hours its rows span.
    private var firstHour = 0
    private var hours = 0
    private var categories = 0
    private var brands = 0
    /// Row counts: ((category × hours) + hour) × 4 + type, then brand × 4 + type after the
    /// categories' cells.
    private var counts: [UInt32] = []
    /// Revenue in cents: category × hours + hour, then one per brand.
    private var revenue: [Int64] = []
    /// Each hour's counts over all categories, summed once after the rows are counted (the daily
    /// and the hourly figures both read them).
    private var hourTotals: [ActivityCounts] = []

    /// Counts the rows of chunk `k` that `selection` keeps; false, having counted nothing, when the
    /// chunk spans more than ``maxHours`` hours or keeps fewer than ``minRows`` rows.
    @inline(__always)
    mutating func count(_ selection: RowSelection, chunk k: Int) -> Bool {
        guard selection.rowBound(inChunk: k) >= Self.minRows else { return false }
        let snapshot = selection.snapshot
        let times = snapshot.chunk(k).times
        let first = Int(times.low / 3600)
        let span = Int(times.high / 3600) - first + 1
        guard span <= Self.maxHours else { return false }
        firstHour = first
        hours = span
        categories = snapshot.categoryCount
        brands = snapshot.brandLabels.count
        let cells = categories * hours
        counts.grow(to: (cells + brands) * 4, with: 0)
        revenue.grow(to: cells + brands, with: 0)
        let hours = span
        let brands = self.brands
        counts.withUnsafeMutableBufferPointer { counts in
            revenue.withUnsafeMutableBufferPointer { revenue in
                let brandCounts = counts.baseAddress! + cells * 4
                let brandRevenue = revenue.baseAddress! + cells
                selection.forEachRow(inChunk: k) { chunk, i in
                    let cell = Int(chunk.category[i]) &* hours &+ (Int(chunk.time[i] / 3600) &- first)
                    let type = Int(chunk.type[i])
                    let brand = Int(chunk.brand[i])
                    precondition(
                        cell < cells && brand < brands, "a row outside its chunk's time range or the dictionaries")
                    counts[cell << 2 | type] &+= 1
                    brandCounts[brand << 2 | type] &+= 1
                    if type == Int(EventType.purchase.rawValue) {
                        let cents = Int64(chunk.price[i])
                        revenue[cell] &+= cents
                        brandRevenue[brand] &+= cents
                    }
                }
            }
        }
        hourTotals = (0..<hours).map { h in
            var total = ActivityCounts()
            for c in 0..<categories {
                let cell = c * hours + h
                if let a = activity(cell: cell, revenue: revenue[cell]) { total.add(a) }
            }
            return total
        }
        return true
    }

    /// Calls `body` with each category and hour (since 1970) that counted rows, and their counts.
    func forEachCategoryHour(_ body: (Int, Int64, ActivityCounts) -> Void) {
        for c in 0..<categories {
            for h in 0..<hours {
                let cell = c * hours + h
                if let a = activity(cell: cell, revenue: revenue[cell]) { body(c, Int64(firstHour + h), a) }
            }
        }
    }

    /// Calls `body` with each hour (since 1970) that counted rows, and their counts over all
    /// categories.
    func forEachHour(_ body: (Int64, ActivityCounts) -> Void) {
        for (h, total) in hourTotals.enumerated() where total.events > 0 { body(Int64(firstHour + h), total) }
    }

    /// Calls `body` with each brand code that counted rows, and their counts.
    func forEachBrand(_ body: (Int, ActivityCounts) -> Void) {
        let cells = categories * hours
        for b in 0..<brands {
            if let a = activity(cell: cells + b, revenue: revenue[cells + b]) { body(b, a) }
        }
    }

    /// Forgets the chunk's counts (only the cells it used), ready for the next.
    mutating func clear() {
        let used = categories * hours + brands
        counts.withUnsafeMutableBufferPointer { $0.baseAddress!.update(repeating: 0, count: used * 4) }
        revenue.withUnsafeMutableBufferPointer { $0.baseAddress!.update(repeating: 0, count: used) }
    }

    /// The counts of cell `cell`, or nil when it counted no row.
    @inline(__always)
    private func activity(cell: Int, revenue cents: Int64) -> ActivityCounts? {
        let t = cell * 4
        let byType = (Int(counts[t]), Int(counts[t + 1]), Int(counts[t + 2]), Int(counts[t + 3]))
        let events = byType.0 + byType.1 + byType.2 + byType.3
        guard events > 0 else { return nil }
        var a = ActivityCounts()
        a.events = events
        a.views = byType.0
        a.carts = byType.1
        a.purchases = byType.3
        a.revenueCents = cents
        return a
    }
}
