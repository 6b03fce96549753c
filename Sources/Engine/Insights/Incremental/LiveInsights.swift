/// The insights of a growing store under one filter, kept up to date as rows arrive and as the
/// window slides, instead of recomputed.
///
/// A dashboard that follows a stream refreshes ten times a second; recomputing every figure from
/// the whole store each time costs more the longer it runs (DESIGN principle 3). Here an update
/// costs the rows that changed plus the other rows of the users they belong to:
/// - a row that entered the window (appended, or reached by a window that moved) is folded into
///   the accumulators (``InsightSet``), one that left it is taken back;
/// - each user with such a row has the contribution of their rows in the old window taken back
///   and that of their rows in the new window added — only of the rows that share a day, a burst
///   window, a brand or the carted pairs with a changed row (``UserScope``), so that a user with a
///   long history costs what changed, not the history.
/// The category, brand and type filter and the other options are fixed for the life of the value;
/// only the window may change (``follow(_:)``). The figures equal a fold from scratch
/// (``InsightFolding``) on the same rows, which the tests check.
public final class LiveInsights {
    public private(set) var options: InsightOptions
    /// Store rows looked at so far (whether or not the filter kept them).
    public private(set) var rows = 0
    /// Rows of users' histories the last update folded again (taken back or added): what a
    /// refresh costs beyond the rows that changed.
    private(set) var refoldedRows = 0
    private var state: InsightSet
    /// Each user's rows that the filter's category, brand and type keep from ``listedFrom`` on.
    private var lists = UserRowLists()
    /// The earliest time listed: the start of the first window. A window that moves (last day,
    /// last hour) moves forward, so older rows never come back into it; listing them would cost
    /// as much as the month for a day's figures. Figures cannot follow a window that starts
    /// earlier.
    private let listedFrom: Int64?
    /// The store rows before this one are in `lists`. A first fold from the snapshot leaves them
    /// out: the lists serve only later updates, and listing a month's rows by user (a test of every
    /// row and a write where each kept row's user is) would delay a new filter's first figures.
    private var listed = 0
    /// Updates that change at least this many rows fold on every core.
    let parallelRows: Int
    /// Updates that change more rows than this fold each of their users again whole.
    let scopedRows: Int
    /// Whether the window never moves: then only the rows inside it are listed by user (a day of a
    /// month rather than the month), and only figures for this very window can follow.
    public let fixedWindow: Bool

    /// - Parameter fixedWindow: the window will not move (see ``fixedWindow``).
    public convenience init(options: InsightOptions, fixedWindow: Bool = false) {
        // A large change (a catch-up, a long slide) folds on every core. Smaller ones stay on one:
        // while rows stream in, the other core is the feed's.
        self.init(options: options, parallelRows: 262_144, scopedRows: 65_536, fixedWindow: fixedWindow)
    }

    init(options: InsightOptions, parallelRows: Int, scopedRows: Int = 65_536, fixedWindow: Bool = false) {
        self.options = options
        self.parallelRows = parallelRows
        self.scopedRows = scopedRows
        self.fixedWindow = fixedWindow
        listedFrom = options.window.from
        state = InsightSet(options: options)
    }

    /// Whether these figures can follow `options`: the same filter and knobs, any window that
    /// starts no earlier than the first (the same window when it is fixed).
    public func canFollow(_ options: InsightOptions) -> Bool {
        if fixedWindow { return options == self.options }
        if let listedFrom, (options.window.from ?? .min) < listedFrom { return false }
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
        let chunks = changedChunks(snapshot, from: before, to: after)
        list(snapshot)
        let change = RowChange(earlier: rows, before: before, after: after)
        var changed = ChangedRows(kept: scopedRows)
        if chunks.reduce(0, { $0 + snapshot.chunk($1).count }) >= parallelRows {
            let parts = Parallel.ranges(chunks.count, parts: Parallel.width)
            let results: [(InsightSet, ChangedRows)] = Parallel.map(parts.count) { p in
                var delta = state.empty()
                delta.prepare(snapshot)
                var rows = ChangedRows(kept: scopedRows)
                change.fold(snapshot, chunks: chunks[parts[p]], into: &delta, changed: &rows)
                return (delta, rows)
            }
            for r in results {
                state.merge(r.0)
                changed.append(r.1)
            }
        } else {
            change.fold(snapshot, chunks: chunks[...], into: &state, changed: &changed)
        }
        refold(changed, change: change, snapshot: snapshot)
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
    /// filter keeps from ``listedFrom`` on, as the window may move forward, or those inside it
    /// when it will not. Chunks outside that window are skipped by their time ranges.
    private func list(_ snapshot: EventSnapshot) {
        var listable = options
        if !fixedWindow { listable.window = TimeWindow(from: listedFrom) }
        let kept = RowPredicate(snapshot, options: listable)
        lists.reserveUsers(snapshot.userCount)
        for c in (listed >> AppendOnlyColumn<UInt32>.chunkShift)..<snapshot.chunkCount {
            let chunk = snapshot.chunk(c)
            let from = max(listed - chunk.start, 0)
            chunk.forEachRow(matching: kept) { i in
                if i >= from { lists.append(chunk, i) }
            }
        }
        listed = snapshot.count
    }

    /// Takes back what the rows of each user with a changed row contributed in the old window and
    /// adds what they contribute in the new one, on every core when there are many users.
    private func refold(_ changes: ChangedRows, change: RowChange, snapshot: EventSnapshot) {
        refoldedRows = 0
        let changed = changes.byUser(userCount: snapshot.userCount)
        guard !changed.isEmpty else { return }
        // Each part starts at a user's first changed row, so no user is split between cores.
        var starts = [0]
        for (i, c) in changed.enumerated() where i > 0 && c.user != changed[i - 1].user { starts.append(i) }
        let groups = Parallel.ranges(starts.count, parts: starts.count < 512 ? 1 : Parallel.width)
        let bounds = groups.map { g in
            starts[g.lowerBound]..<(g.upperBound < starts.count ? starts[g.upperBound] : changed.count)
        }
        if bounds.count == 1 {
            refoldedRows = change.refold(changed[...], lists: lists, snapshot: snapshot, into: &state)
            return
        }
        let lists = self.lists
        let deltas: [(InsightSet, Int)] = Parallel.map(bounds.count) { p in
            var delta = state.empty()
            delta.prepare(snapshot)
            let rows = change.refold(changed[bounds[p]], lists: lists, snapshot: snapshot, into: &delta)
            return (delta, rows)
        }
        for d in deltas {
            state.merge(d.0)
            refoldedRows += d.1
        }
    }

    /// The five insights, the hourly series and the totals on the rows followed so far, equal to
    /// `FoldedInsights(snapshot, options:)`.
    /// With `activeWindows`, the bursts list only the last so many windows with active users.
    public func figures(_ snapshot: EventSnapshot, activeWindows: Int? = nil) -> FoldedInsights {
        FoldedInsights(snapshot, state, window: options.window, activeWindows: activeWindows)
    }

    /// The key figures of the window (the dashboard's tiles), equal to
    /// `PeriodKPIs(snapshot, options:)`.
    public func kpis() -> PeriodKPIs {
        PeriodKPIs(daily: state.daily, abandonment: state.abandonment)
    }

    /// Insight 5 alone (what alert sinks need), equal to `BurstAlerts(snapshot, options:)`.
    public func bursts(_ snapshot: EventSnapshot) -> BurstAlerts { state.bursts.evaluate(snapshot) }
}

/// A row that entered or left the figures in an update, and its user; no row stands for every
/// row of the user.
private struct ChangedRow {
    let user: UInt32
    let row: UserRow?
}

/// The rows an update changed, gathered while it folds them: their users, and the rows themselves
/// while there are few. A large change (a window moved across a month) keeps only its users, each
/// of whom is then folded again whole, as most of their rows changed anyway: its rows would have
/// taken 16 bytes each and a sort (``LiveInsights/scopedRows``).
private struct ChangedRows {
    /// Rows kept at most.
    let kept: Int
    private var users: [UInt32] = []
    /// Beside `users`, while there are at most `kept`; else empty.
    private var rows: [UserRow] = []

    init(kept: Int) { self.kept = kept }

    private var keepsRows: Bool { rows.count == users.count }

    mutating func append(user: UInt32, row: UserRow) {
        if keepsRows, rows.count < kept {
            rows.append(row)
        } else if keepsRows {
            rows = []
        }
        users.append(user)
    }

    mutating func append(_ other: ChangedRows) {
        let both = keepsRows && other.keepsRows && users.count + other.users.count <= kept
        users += other.users
        rows = both ? rows + other.rows : []
    }

    /// The changes sorted by user, or each user once with no row when only users were kept.
    func byUser(userCount: Int) -> [ChangedRow] {
        if users.isEmpty { return [] }
        if keepsRows {
            return zip(users, rows).map { ChangedRow(user: $0, row: $1) }.sorted { $0.user < $1.user }
        }
        var seen = DistinctMarks()
        seen.next(size: userCount)
        return users.filter { seen.first(Int($0)) }.sorted().map { ChangedRow(user: $0, row: nil) }
    }
}

/// One update's change of rows: those from `earlier` on are new; a row is in the old figures when
/// it is older and `before` keeps it, and in the new ones when `after` keeps it.
private struct RowChange {
    let earlier: Int
    let before: RowPredicate
    let after: RowPredicate

    /// Folds the rows of `chunks` that entered and takes back those that left; adds them to
    /// `changed`.
    func fold(
        _ snapshot: EventSnapshot, chunks: ArraySlice<Int>, into state: inout InsightSet, changed: inout ChangedRows
    ) {
        for c in chunks {
            let chunk = snapshot.chunk(c)
            for i in 0..<chunk.count {
                let isIn = after.accepts(chunk, i)
                let wasIn = chunk.start + i < earlier && before.accepts(chunk, i)
                guard isIn != wasIn else { continue }
                state.fold(chunk, i, sign: isIn ? 1 : -1)
                changed.append(user: chunk.user[i], row: UserRow(chunk, i))
            }
        }
    }

    /// For each user of `changed` (sorted by user): what their rows in the scope of the changes
    /// contributed taken back, what they contribute now added; returns how many rows that folded.
    func refold(
        _ changed: ArraySlice<ChangedRow>, lists: UserRowLists, snapshot: EventSnapshot, into state: inout InsightSet
    ) -> Int {
        var folded = 0
        var old = ScopedRows()
        var new = ScopedRows()
        var scope = UserScope()
        let brandCount = snapshot.brandLabels.count
        var i = changed.startIndex
        while i < changed.endIndex {
            let u = changed[i].user
            scope.next(brandCount: brandCount)
            while i < changed.endIndex, changed[i].user == u {
                if let row = changed[i].row { state.widen(&scope, for: row) } else { scope.addEverything() }
                i += 1
            }
            // The first row witnesses whether the user is in the figures at all only when it is in
            // them both before and after, or new.
            if scope.firstRow, let first = lists.first(of: Int(u)),
                !(after.contains(time: first.time) && (first.row >= earlier || before.contains(time: first.time)))
            {
                scope.addEverything()
            }
            old.clear()
            new.clear()
            var isFirst = scope.firstRow
            lists.forEachEntry(of: Int(u)) { e in
                let brand = e.brand(snapshot)
                let first = isFirst
                isFirst = false
                let timed = scope.contains(time: e.time)
                guard first || timed || scope.contains(brand: brand, type: e.type) else { return }
                let row = UserRow(row: e.row, time: e.time, brand: brand, type: e.type)
                if Int(e.row) < earlier, before.contains(time: e.time) { old.append(row, first: first, timed: timed) }
                if after.contains(time: e.time) { new.append(row, first: first, timed: timed) }
            }
            old.fold(user: u, snapshot: snapshot, into: &state, sign: -1)
            new.fold(user: u, snapshot: snapshot, into: &state, sign: 1)
            folded += old.scoped.count + new.scoped.count
        }
        return folded
    }
}

/// One side (before or after) of a user's refold: the rows in the scope, and the two subsets that
/// figures keyed by time fold (``InsightSet/refold(scoped:witnessed:timed:sign:)``).
private struct ScopedRows {
    var scoped: [UserRow] = []
    /// The rows in the scope's stretches of time, and the first row.
    var witnessed: [UserRow] = []
    /// The rows in the scope's stretches of time.
    var timed: [UserRow] = []

    mutating func clear() {
        scoped.removeAll(keepingCapacity: true)
        witnessed.removeAll(keepingCapacity: true)
        timed.removeAll(keepingCapacity: true)
    }

    mutating func append(_ row: UserRow, first: Bool, timed isTimed: Bool) {
        scoped.append(row)
        if isTimed || first { witnessed.append(row) }
        if isTimed { timed.append(row) }
    }

    func fold(user u: UInt32, snapshot: EventSnapshot, into state: inout InsightSet, sign: Int) {
        scoped.withUnsafeBufferPointer { scoped in
            witnessed.withUnsafeBufferPointer { witnessed in
                timed.withUnsafeBufferPointer { timed in
                    state.refold(
                        scoped: UserRows(user: u, rows: scoped, snapshot: snapshot),
                        witnessed: UserRows(user: u, rows: witnessed, snapshot: snapshot),
                        timed: UserRows(user: u, rows: timed, snapshot: snapshot), sign: sign)
                }
            }
        }
    }
}
