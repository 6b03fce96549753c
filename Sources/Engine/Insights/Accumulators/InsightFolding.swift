/// Folds accumulators over every row a filter keeps, on every core: the report's computation and
/// a new filter's on the dashboard.
///
/// The kept rows are found once (``RowSelection``) and split by chunk, each core folding its
/// chunks into a state of its own; the states are merged. Accumulators that need users' rows
/// together then get them grouped by user (``UserGrouping``), a slice of users at a time, each
/// slice split between the cores by rows. Chunks outside the window are skipped by their time
/// ranges.
enum InsightFolding {
    /// The accumulator folded over the rows `options` keep.
    static func fold<A: InsightAccumulator>(_ snapshot: EventSnapshot, options: InsightOptions, into empty: A) -> A {
        fold(snapshot, filter: RowPredicate(snapshot, options: options), into: empty)!
    }

    /// The accumulator folded over the rows `filter` keeps, or nil as soon as `cancelled` says so
    /// (a filter the user already replaced). `sliceRows` bounds the rows of a slice of users
    /// (``UserGrouping``) when not the default.
    static func fold<A: InsightAccumulator>(
        _ snapshot: EventSnapshot, filter: RowPredicate, into empty: A, cancelled: (() -> Bool)? = nil,
        sliceRows: Int? = nil
    ) -> A? {
        let selection = RowSelection(snapshot, filter: filter)
        if let cancelled, cancelled() { return nil }
        let byRows: [A?] = Parallel.map(selection.parts.count) { p in
            var state = empty.empty()
            state.prepare(snapshot)
            for k in selection.parts[p] {
                if let cancelled, cancelled() { return nil }
                state.fold(selection, chunk: k)
            }
            return state
        }
        guard var total = merged(consume byRows) else { return nil }
        guard total.foldsUsers else { return total }
        guard let users = foldUsers(UserGrouping(selection, sliceRows: sliceRows), into: empty, cancelled: cancelled)
        else { return nil }
        total.merge(users)
        return total
    }

    /// The accumulator folded over the users of `grouping`: each slice copied, then its users
    /// folded on every core, each core keeping its state from slice to slice.
    private static func foldUsers<A: InsightAccumulator>(
        _ grouping: UserGrouping, into empty: A, cancelled: (() -> Bool)?
    ) -> A? {
        let snapshot = grouping.selection.snapshot
        let capacity = grouping.largestSlice
        let buffer = HugePages.allocate(UserRow.self, count: capacity)
        defer { HugePages.deallocate(buffer, count: capacity) }
        let width = Parallel.width
        let states = UnsafeMutablePointer<A>.allocate(capacity: width)
        for p in 0..<width {
            (states + p).initialize(to: empty.empty())
            states[p].prepare(snapshot)
        }
        var taken = 0  // states moved out at the end
        defer {
            (states + taken).deinitialize(count: width - taken)
            states.deallocate()
        }
        let shared = UnsafeSendable((states: states, rows: buffer))
        for slice in grouping.slices {
            if let cancelled, cancelled() { return nil }
            grouping.copy(slice, into: buffer)
            let base = grouping.rows(in: slice).lowerBound
            let parts = grouping.groupParts(slice, count: width)
            let finished = Parallel.map(parts.count) { p in
                for g in parts[p] {
                    if g & 0xFFFF == 0, let cancelled, cancelled() { return false }
                    let range = grouping.range(g)
                    guard !range.isEmpty else { continue }
                    let rows = UnsafeBufferPointer(
                        start: shared.value.rows + (range.lowerBound - base), count: range.count)
                    let user = UserRows(user: grouping.user(g), rows: rows, snapshot: snapshot)
                    shared.value.states[p].fold(user: user, sign: 1)
                }
                return true
            }
            guard !finished.contains(false) else { return nil }
        }
        for p in 1..<width { states[0].merge(states[p]) }
        taken = 1
        return states.move()
    }

    /// The states merged into the first, or nil when any is missing (cancelled). The first is
    /// taken out of the array, not copied: a copy would duplicate its buffers at the first change.
    private static func merged<A: InsightAccumulator>(_ states: consuming [A?]) -> A? {
        guard !states.isEmpty, var total = states[0].take() else { return nil }
        for s in states.dropFirst() {
            guard let s else { return nil }
            total.merge(s)
        }
        return total
    }
}
