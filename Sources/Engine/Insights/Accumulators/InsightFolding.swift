/// Folds accumulators over every row a filter keeps, on every core: the report's computation and
/// a new filter's on the dashboard.
///
/// The rows are split by chunk, each core folding its chunks into a state of its own; the states
/// are merged. Accumulators that need users' rows together then get them from one grouping of the
/// kept rows by user, split the same way by users. Chunks outside the window are skipped by their
/// time ranges.
enum InsightFolding {
    /// The accumulator folded over the rows `options` keep.
    static func fold<A: InsightAccumulator>(_ snapshot: EventSnapshot, options: InsightOptions, into empty: A) -> A {
        fold(snapshot, filter: RowPredicate(snapshot, options: options), into: empty)!
    }

    /// The accumulator folded over the rows `filter` keeps, or nil as soon as `cancelled` says so
    /// (a filter the user already replaced).
    static func fold<A: InsightAccumulator>(
        _ snapshot: EventSnapshot, filter: RowPredicate, into empty: A, cancelled: (() -> Bool)? = nil
    ) -> A? {
        let chunkParts = Parallel.ranges(snapshot.chunkCount, parts: Parallel.width)
        let byRows: [A?] = Parallel.map(chunkParts.count) { p in
            var state = empty.empty()
            state.prepare(snapshot)
            for k in chunkParts[p] {
                if let cancelled, cancelled() { return nil }
                let chunk = snapshot.chunk(k)
                chunk.forEachRow(matching: filter) { i in state.fold(chunk, i, sign: 1) }
            }
            return state
        }
        guard var total = merged(byRows) else { return nil }
        guard total.foldsUsers else { return total }
        let grouping = UserGrouping(snapshot, filter: filter)
        if let cancelled, cancelled() { return nil }
        let groupParts = grouping.groupParts()
        let byUsers: [A?] = Parallel.map(groupParts.count) { p in
            var state = empty.empty()
            state.prepare(snapshot)
            var rows: [UserRow] = []
            for g in groupParts[p] {
                if g & 0xFFFF == 0, let cancelled, cancelled() { return nil }
                let range = grouping.range(g)
                guard !range.isEmpty else { continue }
                rows.removeAll(keepingCapacity: true)
                for k in range { rows.append(UserRow(snapshot, row: grouping.rows[k])) }
                rows.withUnsafeBufferPointer { rows in
                    state.fold(user: UserRows(user: grouping.user(g), rows: rows, snapshot: snapshot), sign: 1)
                }
            }
            return state
        }
        guard let users = merged(byUsers) else { return nil }
        total.merge(users)
        return total
    }

    /// The states merged into the first, or nil when any is missing (cancelled).
    private static func merged<A: InsightAccumulator>(_ states: [A?]) -> A? {
        guard var total = states.first ?? nil else { return nil }
        for s in states.dropFirst() {
            guard let s else { return nil }
            total.merge(s)
        }
        return total
    }
}
