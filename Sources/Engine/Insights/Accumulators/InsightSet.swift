/// The five insights, the hourly series and the window's totals folded together, so that one pass
/// over the rows and one over the users serve them all: what `report` prints and every panel shows.
///
/// A new insight is one accumulator (a file beside this one), a field and a line in each method
/// here, its report sections and its panel.
struct InsightSet: InsightAccumulator {
    let options: InsightOptions
    private(set) var daily = DailyAccumulator()
    private(set) var hourly = SeriesAccumulator(bucketSeconds: 3600)
    private(set) var categories = CategoryAccumulator()
    private(set) var brands = BrandAccumulator()
    private(set) var abandonment = AbandonmentAccumulator()
    private(set) var bursts: BurstAccumulator
    /// A chunk's rows counted for the figures that add up (scratch, kept between chunks).
    private var tally = ChunkTally()

    init(options: InsightOptions) {
        self.options = options
        bursts = BurstAccumulator(rule: options.burst)
    }

    var foldsUsers: Bool { true }

    func empty() -> Self { Self(options: options) }

    mutating func prepare(_ snapshot: EventSnapshot) {
        daily.prepare(snapshot)
        categories.prepare(snapshot)
        brands.prepare(snapshot)
        abandonment.prepare(snapshot)
    }

    @inline(__always)
    mutating func fold(_ chunk: EventChunk, _ i: Int, sign: Int) {
        daily.fold(chunk, i, sign: sign)
        hourly.fold(chunk, i, sign: sign)
        categories.fold(chunk, i, sign: sign)
        brands.fold(chunk, i, sign: sign)
    }

    /// A chunk's rows tallied first (``ChunkTally``), then their sessions, which are distinct
    /// counts; a chunk spanning too many hours, or with few kept rows, goes row by row.
    mutating func fold(_ selection: RowSelection, chunk k: Int) {
        var tally = ChunkTally()
        swap(&tally, &self.tally)  // uniquely held while it counts: no copy, no check per row
        defer { swap(&tally, &self.tally) }
        let counted = tally.count(selection, chunk: k)
        guard counted else {
            selection.forEachRow(inChunk: k) { chunk, i in fold(chunk, i, sign: 1) }
            return
        }
        daily.foldSessions(selection, chunk: k)
        daily.fold(tally)
        hourly.fold(tally)
        categories.fold(tally)
        brands.fold(tally)
        tally.clear()
    }

    mutating func fold(user: UserRows, sign: Int) {
        daily.fold(user: user, sign: sign)
        hourly.fold(user: user, sign: sign)
        brands.fold(user: user, sign: sign)
        abandonment.fold(user: user, sign: sign)
        bursts.fold(user: user, sign: sign)
    }

    /// A live refold of one user's rows in a ``UserScope``: the figures keyed by time (days, hours,
    /// burst windows) get only the rows in the scope's stretches of time, `timed` — the days also
    /// the first row, their witness that the user is there at all (`witnessed`) — and those keyed
    /// by brand or by carts every row in the scope, `scoped`. The rows one group leaves out are in
    /// the scope for the other's keys: taken back and added again unchanged, they add nothing
    /// but work, and a burst window's figures spanned the user's whole history for them on every
    /// refresh (a looped replay's users, months long, made a refresh cost more each hour).
    mutating func refold(scoped: UserRows, witnessed: UserRows, timed: UserRows, sign: Int) {
        if !witnessed.rows.isEmpty { daily.fold(user: witnessed, sign: sign) }
        if !timed.rows.isEmpty {
            hourly.fold(user: timed, sign: sign)
            bursts.fold(user: timed, sign: sign)
        }
        if !scoped.rows.isEmpty {
            brands.fold(user: scoped, sign: sign)
            abandonment.fold(user: scoped, sign: sign)
        }
    }

    /// The days first: they contain the hours and (mostly) the burst windows, which then add
    /// nothing to test.
    func widen(_ scope: inout UserScope, for row: UserRow) {
        daily.widen(&scope, for: row)
        hourly.widen(&scope, for: row)
        brands.widen(&scope, for: row)
        abandonment.widen(&scope, for: row)
        bursts.widen(&scope, for: row)
    }

    mutating func merge(_ o: InsightSet) {
        daily.merge(o.daily)
        hourly.merge(o.hourly)
        categories.merge(o.categories)
        brands.merge(o.brands)
        abandonment.merge(o.abandonment)
        bursts.merge(o.bursts)
    }

    /// The five insights, on the snapshot the rows were folded from (or a newer one); with
    /// `activeWindows`, only the last so many windows with active users.
    func insights(_ snapshot: EventSnapshot, activeWindows: Int? = nil) -> Insights {
        let labels = CategoryLabels(snapshot, level: options.categoryLevel)
        return Insights(
            visitors: daily.visitorsPerDay, abandonment: abandonment.evaluate(snapshot, labels: labels),
            categories: categories.evaluate(labels: labels, metric: options.rankCategoriesBy),
            brands: brands.evaluate(brandLabels: snapshot.brandLabels, minViews: options.minViews),
            bursts: bursts.evaluate(snapshot, activeWindows: activeWindows))
    }

    /// Hourly activity over `window`'s part of the data (the window the rows were folded for,
    /// which a live state moves).
    func hourlySeries(_ snapshot: EventSnapshot, window: TimeWindow) -> ActivitySeries {
        ActivitySeries.covering(snapshot, window: window, bucketSeconds: 3600, from: hourly)
    }

    var totals: WindowTotals { daily.totals }
}
