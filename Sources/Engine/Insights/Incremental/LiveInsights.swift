/// The insights of a growing store under one filter, kept up to date as rows arrive and as the
/// window slides, instead of recomputed.
///
/// A dashboard that follows a stream refreshes ten times a second; recomputing every figure from
/// the whole store each time costs more the longer it runs (DESIGN principle 3). Here an update
/// costs the rows that changed plus the other rows of the users they belong to:
/// - a row that entered the window (appended, or reached by a window that moved) is folded into
///   the accumulators (``InsightSet``), one that left it is taken back;
/// - each user with such a row has the contribution of their rows in the old window taken back
///   and that of their rows in the new window added.
/// The category, brand and type filter and the other options are fixed for the life of the value;
/// only the window may change (``follow(_:)``). The figures equal a fold from scratch
/// (``InsightFolding``) on the same rows, which the tests check.
public final class LiveInsights {
    public private(set) var options: InsightOptions
    /// Store rows looked at so far (whether or not the filter kept them).
    public private(set) var rows = 0
    private var state: InsightSet
    /// Each user's rows that the filter's category, brand and type keep, whatever their time.
    private var lists = UserRowLists()
    /// The store rows before this one are in `lists`. A first fold from the snapshot leaves them
    /// out: the lists serve only later updates, and listing a month's rows by user (a test of every
    /// row and a write where each kept row's user is) would delay a new filter's first figures.
    private var listed = 0
    /// The users this update touched, so each is recomputed once.
    private var touchedUsers = DistinctMarks()
    /// Updates that change at least this many rows fold on every core.
    let parallelRows: Int
    /// Whether the window never moves: then only the rows inside it are listed by user (a day of a
    /// month rather than the month), and only figures for this very window can follow.
    public let fixedWindow: Bool

    /// - Parameter fixedWindow: the window will not move (see ``fixedWindow``).
    public convenience init(options: InsightOptions, fixedWindow: Bool = false) {
        // A large change (a catch-up, a long slide) folds on every core. Smaller ones stay on one:
        // while rows stream in, the other core is the feed's.
        self.init(options: options, parallelRows: 262_144, fixedWindow: fixedWindow)
    }

    init(options: InsightOptions, parallelRows: Int, fixedWindow: Bool = false) {
        self.options = options
        self.parallelRows = parallelRows
        self.fixedWindow = fixedWindow
        state = InsightSet(options: options)
    }

    /// Whether these figures can follow `options`: the same filter and knobs, any window (the same
    /// window when it is fixed).
    public func canFollow(_ options: InsightOptions) -> Bool {
        if fixedWindow { return options == self.options }
        var o = options
        o.window = self.options.window
        return o == self.options
    }

    /// Whether `snapshot` holds every row folded in so far: an older one (a paused view) cannot be
    /// answered from these figures.
    public func canFold(_ snapshot: EventSnapshot) -> Bool { snapshot.count >= rows }

    /// Brings the figures to the rows of `snapshot` and to `window` (the current one if nil).
    /// Snapshots must come from one store, each at least as new as the last.
    ///
    /// Figures that start on many rows (a new filter on a stream already read) are one parallel
    /// fold from the snapshot (``InsightFolding``), which stops as soon as `cancelled` says so:
    /// then nothing changes and the result is false.
    @discardableResult
    public func follow(_ snapshot: EventSnapshot, window: TimeWindow? = nil, cancelled: (() -> Bool)? = nil) -> Bool {
        precondition(canFold(snapshot), "a snapshot older than the rows already folded")
        let window = window ?? options.window
        guard snapshot.count > rows || window != options.window else { return true }
        var next = options
        next.window = window
        let after = RowPredicate(snapshot, options: next)
        if rows == 0, snapshot.count >= parallelRows {
            guard let folded = InsightFolding.fold(snapshot, filter: after, into: state, cancelled: cancelled) else {
                return false
            }
            state = folded
            rows = snapshot.count
            options = next
            return true
        }
        let before = RowPredicate(snapshot, options: options)
        state.prepare(snapshot)
        touchedUsers.next(size: snapshot.userCount)
        let chunks = changedChunks(snapshot, from: before, to: after)
        list(snapshot)
        let change = RowChange(earlier: rows, before: before, after: after)
        let touched: [UInt32]
        if chunks.reduce(0, { $0 + snapshot.chunk($1).count }) >= parallelRows {
            let parts = Parallel.ranges(chunks.count, parts: Parallel.width)
            let results: [(InsightSet, [UInt32])] = Parallel.map(parts.count) { p in
                var delta = state.empty()
                delta.prepare(snapshot)
                let users = change.fold(snapshot, chunks: chunks[parts[p]], into: &delta)
                return (delta, users)
            }
            for r in results { state.merge(r.0) }
            touched = markTouched(results.flatMap(\.1))
        } else {
            touched = markTouched(change.fold(snapshot, chunks: chunks[...], into: &state))
        }
        refold(touched, change: change, snapshot: snapshot)
        rows = snapshot.count
        options = next
        return true
    }

    /// The chunks whose rows may have entered or left: those with new rows, and those whose times
    /// reach the bands the window's ends moved across.
    private func changedChunks(_ snapshot: EventSnapshot, from before: RowPredicate, to after: RowPredicate) -> [Int] {
        let lows = (UInt64(min(before.low, after.low)), UInt64(max(before.low, after.low)))
        let highs = (min(before.high, after.high), max(before.high, after.high))
        return (0..<snapshot.chunkCount).filter { c in
            let chunk = snapshot.chunk(c)
            if chunk.start + chunk.count > rows { return true }
            let low = UInt64(chunk.times.low)
            let high = UInt64(chunk.times.high)
            return (lows.0 < lows.1 && high >= lows.0 && low < lows.1)
                || (highs.0 < highs.1 && high >= highs.0 && low < highs.1)
        }
    }

    /// Adds the rows not listed yet that a later update may need to their users' lists: those the
    /// filter keeps at any time, as the window may move, or those inside it when it will not.
    /// Chunks outside that window are skipped by their time ranges.
    private func list(_ snapshot: EventSnapshot) {
        var anyTime = options
        if !fixedWindow { anyTime.window = .all }
        let kept = RowPredicate(snapshot, options: anyTime)
        lists.reserveUsers(snapshot.userCount)
        for c in (listed >> AppendOnlyColumn<UInt32>.chunkShift)..<snapshot.chunkCount {
            let chunk = snapshot.chunk(c)
            let from = max(listed - chunk.start, 0)
            chunk.forEachRow(matching: kept) { i in
                if i >= from { lists.append(row: UInt32(chunk.start + i), user: Int(chunk.user[i])) }
            }
        }
        listed = snapshot.count
    }

    /// `users` without repeats or users this update already listed.
    private func markTouched(_ users: [UInt32]) -> [UInt32] {
        var out: [UInt32] = []
        for u in users where touchedUsers.first(Int(u)) {
            out.append(u)
        }
        return out
    }

    /// Takes back what each touched user's rows in the old window contributed and adds what their
    /// rows in the new window contribute, on every core when there are many.
    private func refold(_ touched: [UInt32], change: RowChange, snapshot: EventSnapshot) {
        guard !touched.isEmpty else { return }
        let parts = Parallel.ranges(touched.count, parts: touched.count < 512 ? 1 : Parallel.width)
        if parts.count == 1 {
            change.refold(touched[...], lists: lists, snapshot: snapshot, into: &state)
            return
        }
        let lists = self.lists
        let deltas: [InsightSet] = Parallel.map(parts.count) { p in
            var delta = state.empty()
            delta.prepare(snapshot)
            change.refold(touched[parts[p]], lists: lists, snapshot: snapshot, into: &delta)
            return delta
        }
        for d in deltas { state.merge(d) }
    }

    /// The five insights, the hourly series and the totals on the rows followed so far, equal to
    /// `FoldedInsights(snapshot, options:)`.
    public func figures(_ snapshot: EventSnapshot) -> FoldedInsights {
        FoldedInsights(snapshot, state, window: options.window)
    }

    /// The key figures of the window (the dashboard's tiles), equal to
    /// `PeriodKPIs(snapshot, options:)`.
    public func kpis() -> PeriodKPIs {
        PeriodKPIs(daily: state.daily, abandonment: state.abandonment)
    }

    /// Insight 5 alone (what alert sinks need), equal to `BurstAlerts(snapshot, options:)`.
    public func bursts(_ snapshot: EventSnapshot) -> BurstAlerts { state.bursts.evaluate(snapshot) }
}

/// One update's change of rows: those from `earlier` on are new; a row is in the old figures when
/// it is older and `before` keeps it, and in the new ones when `after` keeps it.
private struct RowChange {
    let earlier: Int
    let before: RowPredicate
    let after: RowPredicate

    /// Folds the rows of `chunks` that entered and takes back those that left; returns their users.
    func fold(_ snapshot: EventSnapshot, chunks: ArraySlice<Int>, into state: inout InsightSet) -> [UInt32] {
        var users: [UInt32] = []
        for c in chunks {
            let chunk = snapshot.chunk(c)
            for i in 0..<chunk.count {
                let isIn = after.accepts(chunk, i)
                let wasIn = chunk.start + i < earlier && before.accepts(chunk, i)
                guard isIn != wasIn else { continue }
                state.fold(chunk, i, sign: isIn ? 1 : -1)
                users.append(chunk.user[i])
            }
        }
        return users
    }

    /// For each user: what their old rows contributed taken back, what their new rows contribute
    /// added.
    func refold(
        _ users: ArraySlice<UInt32>, lists: UserRowLists, snapshot: EventSnapshot, into state: inout InsightSet
    ) {
        var old: [UserRow] = []
        var new: [UserRow] = []
        for u in users {
            old.removeAll(keepingCapacity: true)
            new.removeAll(keepingCapacity: true)
            lists.forEachRow(of: Int(u)) { r in
                let row = UserRow(snapshot, row: r)
                if Int(r) < earlier, before.contains(time: row.time) { old.append(row) }
                if after.contains(time: row.time) { new.append(row) }
            }
            for (rows, sign) in [(old, -1), (new, 1)] where !rows.isEmpty {
                rows.withUnsafeBufferPointer { rows in
                    state.fold(user: UserRows(user: u, rows: rows, snapshot: snapshot), sign: sign)
                }
            }
        }
    }
}
