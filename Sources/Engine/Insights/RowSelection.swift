/// The rows a predicate keeps, found once for the several passes a fold makes over them (the rows,
/// then the users: counting, then copying a slice of users at a time).
///
/// A window alone is tested as fast as a list is read, so then the chunks are scanned each time.
/// A category, brand or type is tested once, in parallel, into each chunk's list of kept row
/// offsets (2 bytes a kept row): a brand filter on a month otherwise tests 42 M rows three times.
struct RowSelection {
    let snapshot: EventSnapshot
    let filter: RowPredicate
    /// Each worker's chunks.
    let parts: [Range<Int>]
    /// Per chunk, the offsets of its kept rows; nil when the window alone decides.
    private let kept: [[UInt16]]?
    /// At least the number of kept rows: exact with lists, else the rows of the chunks the window
    /// reaches.
    let rowBound: Int

    init(_ snapshot: EventSnapshot, filter: RowPredicate) {
        self.snapshot = snapshot
        self.filter = filter
        parts = Parallel.ranges(snapshot.chunkCount, parts: Parallel.width)
        if filter.timeOnly {
            kept = nil
            var reach = 0
            for k in 0..<snapshot.chunkCount {
                let chunk = snapshot.chunk(k)
                if chunk.reach(filter) != .none { reach += chunk.count }
            }
            rowBound = reach
        } else {
            let parts = self.parts
            let lists: [[[UInt16]]] = Parallel.map(parts.count) { p in
                // Offsets are written to a chunk-sized scratch, then copied at their count: no
                // growth or uniqueness check per kept row.
                var scratch = [UInt16](repeating: 0, count: AppendOnlyColumn<UInt32>.chunkSize)
                return scratch.withUnsafeMutableBufferPointer { scratch in
                    parts[p].map { k in
                        let n = snapshot.chunk(k).keptRows(matching: filter, into: scratch.baseAddress!)
                        return Array(scratch[0..<n])
                    }
                }
            }
            let all = lists.flatMap { $0 }
            kept = all
            rowBound = all.reduce(0) { $0 + $1.count }
        }
    }

    /// At least the number of chunk `k`'s kept rows: exact with lists, else the chunk's rows.
    func rowBound(inChunk k: Int) -> Int { kept?[k].count ?? snapshot.chunk(k).count }

    /// Calls `body` with each kept row offset of chunk `k`, in order.
    @inline(__always)
    func forEachRow(inChunk k: Int, _ body: (EventChunk, Int) -> Void) {
        let chunk = snapshot.chunk(k)
        if let kept {
            for i in kept[k] { body(chunk, Int(i)) }
        } else {
            chunk.forEachRow(matching: filter) { i in body(chunk, i) }
        }
    }

    /// Writes the offsets of chunk `k`'s kept rows whose user code lies in `users` to `out` (room
    /// for a chunk's rows), in order, and returns how many, without a branch a row.
    func rows(inChunk k: Int, users: Range<UInt32>, into out: UnsafeMutablePointer<UInt16>) -> Int {
        let chunk = snapshot.chunk(k)
        let first = users.lowerBound
        let width = UInt64(users.count)
        let user = chunk.user
        var n = 0
        if let kept {
            for i in kept[k] {
                out[n] = i
                n &+= Branchless.less(UInt64(user[Int(i)] &- first), width)
            }
            return n
        }
        let reach = chunk.reach(filter)
        guard reach != .none else { return 0 }
        for i in 0..<chunk.count {
            out[n] = UInt16(truncatingIfNeeded: i)
            var keep = Branchless.less(UInt64(user[i] &- first), width)
            if reach == .part { keep &= filter.timeIn(chunk.time[i]) }
            n &+= keep
        }
        return n
    }

    /// Calls `body` with each kept row of worker `p`'s chunks, in row order.
    @inline(__always)
    func forEachRow(part p: Int, _ body: (EventChunk, Int) -> Void) {
        for k in parts[p] { forEachRow(inChunk: k, body) }
    }
}
