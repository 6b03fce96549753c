/// The kept rows grouped by user, copied a slice of users at a time with the columns that per-user
/// figures read (``UserRow``): group `g` holds user `user(g)`'s rows, in row order.
///
/// Folding a user then reads its rows from one place; reading them from the store instead jumps
/// to wherever the month put each one (several cache misses a row, most of a month's user fold).
/// The copy scatters: the store is read in order and each row written to its user's place.
///
/// Many rows are grouped by a parallel counting sort over the user column, where group `g` is user
/// `g`, and copied a slice of users at a time, so that the copy's memory stays bounded: a slice
/// holds at most an eighth of the store's rows (16 bytes each: 2 bytes a row, half what their row
/// numbers alone would take), and at least a million, so that small data is one slice. The bound
/// is the store's, not the kept rows': each slice lists the kept rows again, so a filter that
/// keeps a third of a month is copied in three slices, not eight. A few
/// rows (the last minutes, a narrow filter) are grouped by sorting (user, row) pairs, so that the
/// cost follows the rows rather than the users.
struct UserGrouping {
    let selection: RowSelection
    /// Where each group's rows start among the kept rows in user order (`groupCount + 1` entries).
    private let offsets: [UInt32]
    /// The user code of each group; nil when group `g` is user `g`.
    private let codes: [UInt32]?
    /// Counting: per worker `p` and user `u`, at `p * userCount + u`, where the worker's first
    /// kept row of the user goes.
    private let starts: [UInt32]
    /// Counting: per chunk, the highest user code among its kept rows. Users are coded as they
    /// first appear, so a slice of users who came late skips the chunks from before they came.
    private let chunkTopUser: [UInt32]
    /// Sorting: the kept rows in user order.
    private let sorted: [UInt32]
    /// The groups in consecutive slices, each with at most `sliceRows` rows unless one user has more.
    let slices: [Range<Int>]

    /// - Parameter sliceRows: the most rows a slice holds, when not the default (tests cut small
    ///   data into many slices).
    init(_ selection: RowSelection, sliceRows: Int? = nil) {
        self.selection = selection
        if selection.rowBound < selection.snapshot.userCount / 8 {
            (offsets, codes, sorted) = Self.sorting(selection)
            starts = []
            chunkTopUser = []
            slices = offsets.count > 1 ? [0..<(offsets.count - 1)] : []
        } else {
            (offsets, starts, chunkTopUser) = Self.counting(selection)
            codes = nil
            sorted = []
            slices = Self.slices(offsets, maxRows: sliceRows ?? max(1 << 20, selection.snapshot.count / 8))
        }
    }

    private static func sorting(_ selection: RowSelection) -> (offsets: [UInt32], codes: [UInt32], rows: [UInt32]) {
        var pairs: [UInt64] = []
        pairs.reserveCapacity(selection.rowBound)
        for k in 0..<selection.snapshot.chunkCount {
            selection.forEachRow(inChunk: k) { chunk, i in
                pairs.append(UInt64(chunk.user[i]) << 32 | UInt64(chunk.start + i))
            }
        }
        pairs.sortByHighHalf()  // listed in row order: each user's rows stay in row order
        var offsets: [UInt32] = []
        var codes: [UInt32] = []
        for (k, p) in pairs.enumerated() where k == 0 || pairs[k - 1] >> 32 != p >> 32 {
            offsets.append(UInt32(k))
            codes.append(UInt32(p >> 32))
        }
        offsets.append(UInt32(pairs.count))
        return (offsets, codes, pairs.map { UInt32(truncatingIfNeeded: $0) })
    }

    private static func counting(
        _ selection: RowSelection
    ) -> (
        offsets: [UInt32], starts: [UInt32], chunkTopUser: [UInt32]
    ) {
        let users = selection.snapshot.userCount
        // Each worker counts into its own stretch of one array (`users` apart), so that the
        // serial pass below reads them through plain pointers.
        var starts = [UInt32](repeating: 0, count: users * selection.parts.count)
        let tops: [[UInt32]] = starts.withUnsafeMutableBufferPointer { all in
            let base = UnsafeSendable(all.baseAddress!)
            return Parallel.map(selection.parts.count) { p in
                let c = base.value + p * users
                var tops: [UInt32] = []
                for k in selection.parts[p] {
                    var top: UInt32 = 0
                    selection.forEachRow(inChunk: k) { chunk, i in
                        let u = chunk.user[i]
                        c[Int(u)] &+= 1
                        top = max(top, u)
                    }
                    tops.append(top)
                }
                return tops
            }
        }
        // Counts become starts in place: part p of user u starts after u's rows in parts before p.
        var offsets = [UInt32](repeating: 0, count: users + 1)
        let partCount = selection.parts.count
        starts.withUnsafeMutableBufferPointer { starts in
            offsets.withUnsafeMutableBufferPointer { offsets in
                var total: UInt32 = 0
                for u in 0..<users {
                    offsets[u] = total
                    for p in 0..<partCount {
                        let c = starts[p * users + u]
                        starts[p * users + u] = total
                        total &+= c
                    }
                }
                offsets[users] = total
            }
        }
        return (offsets, starts, tops.flatMap { $0 })
    }

    /// Cuts the groups into consecutive slices of at most `maxRows` rows (at least one group each).
    private static func slices(_ offsets: [UInt32], maxRows: Int) -> [Range<Int>] {
        let groups = offsets.count - 1
        var slices: [Range<Int>] = []
        var g = 0
        while g < groups {
            // The last group end within maxRows of group g's start, past g.
            let limit = Int(offsets[g]) + maxRows
            var lo = g + 1
            var hi = groups
            while lo < hi {
                let mid = (lo + hi + 1) >> 1
                if Int(offsets[mid]) <= limit { lo = mid } else { hi = mid - 1 }
            }
            slices.append(g..<lo)
            g = lo
        }
        return slices
    }

    /// The user code of group `g`.
    @inline(__always)
    func user(_ g: Int) -> UInt32 { codes?[g] ?? UInt32(g) }

    /// Where group `g`'s rows lie among the kept rows in user order.
    @inline(__always)
    func range(_ g: Int) -> Range<Int> { Int(offsets[g])..<Int(offsets[g + 1]) }

    /// The rows of the groups in `groups`.
    func rows(in groups: Range<Int>) -> Range<Int> { Int(offsets[groups.lowerBound])..<Int(offsets[groups.upperBound]) }

    /// The rows of the largest slice: what a buffer for ``copy(_:into:)`` holds.
    var largestSlice: Int { slices.map { rows(in: $0).count }.max() ?? 0 }

    /// Writes the rows of `slice`'s groups, in group order, to `out`: the row at `range(g)`'s
    /// position `k` goes to `out[k - rows(in: slice).lowerBound]`.
    ///
    /// Each chunk is scanned once a slice: its rows of the slice's users are listed first, without
    /// a branch a row (``RowSelection/rows(inChunk:users:into:)``), then copied. Tested row by
    /// row, whether a row belongs to the slice was a mispredicted branch for a third of a month's
    /// rows in every slice (a fifth of the copy's time).
    func copy(_ slice: Range<Int>, into out: UnsafeMutablePointer<UserRow>) {
        let base = Int(offsets[slice.lowerBound])
        let snapshot = selection.snapshot
        guard codes == nil else {  // sorted: few rows, read where they are
            for k in rows(in: slice) { out[k - base] = UserRow(snapshot, row: sorted[k]) }
            return
        }
        let first = UInt32(slice.lowerBound)
        let users = first..<UInt32(slice.upperBound)
        let target = UnsafeSendable(out)
        _ = Parallel.map(selection.parts.count) { p in
            let from = p * snapshot.userCount
            var next = Array(starts[(from + slice.lowerBound)..<(from + slice.upperBound)])
            var found = [UInt16](repeating: 0, count: AppendOnlyColumn<UInt32>.chunkSize)
            next.withUnsafeMutableBufferPointer { next in
                found.withUnsafeMutableBufferPointer { found in
                    for k in selection.parts[p] where chunkTopUser[k] >= first {
                        let n = selection.rows(inChunk: k, users: users, into: found.baseAddress!)
                        let chunk = snapshot.chunk(k)
                        for j in 0..<n {
                            let i = Int(found[j])
                            let u = Int(chunk.user[i] &- first)
                            target.value[Int(next[u]) - base] = UserRow(chunk, i)
                            next[u] += 1
                        }
                    }
                }
            }
            return 0
        }
    }

    /// Splits the groups of `slice` into `count` contiguous ranges holding near-equal numbers of
    /// rows, one per worker: users with low codes appeared first and have the most rows, so equal
    /// numbers of users would give one worker most of the work.
    func groupParts(_ slice: Range<Int>, count: Int = Parallel.width) -> [Range<Int>] {
        let parts = max(1, count)
        let first = Int(offsets[slice.lowerBound])
        let total = Int(offsets[slice.upperBound]) - first
        var bounds = [slice.lowerBound]
        for p in 1..<parts {
            // The first group whose rows start at or after the p-th share of the slice's rows.
            let target = UInt32(first + total * p / parts)
            var lo = bounds[bounds.count - 1]
            var hi = slice.upperBound
            while lo < hi {
                let mid = (lo + hi) >> 1
                if offsets[mid] < target { lo = mid + 1 } else { hi = mid }
            }
            bounds.append(lo)
        }
        bounds.append(slice.upperBound)
        return (0..<parts).map { bounds[$0]..<bounds[$0 + 1] }
    }
}

extension ColumnChunks {
    /// One row's product, price and category code, read by row number: per-user figures read them
    /// for the few rows that need them (carts and purchases), each column only where needed.
    @inline(__always)
    func product(_ index: UInt32) -> UInt32 {
        let i = Int(index)
        return product[i >> AppendOnlyColumn<UInt32>.chunkShift][i & AppendOnlyColumn<UInt32>.chunkMask]
    }

    @inline(__always)
    func price(_ index: UInt32) -> UInt32 {
        let i = Int(index)
        return price[i >> AppendOnlyColumn<UInt32>.chunkShift][i & AppendOnlyColumn<UInt32>.chunkMask]
    }

    @inline(__always)
    func category(_ index: UInt32) -> UInt32 {
        let i = Int(index)
        let c = i >> AppendOnlyColumn<UInt32>.chunkShift
        return NarrowCodes(narrow: category[c], wide: categoryWide, chunk: c)[i & AppendOnlyColumn<UInt32>.chunkMask]
    }
}

extension EventSnapshot {
    /// One row's event type, for scans that look at a few columns of many rows.
    @inline(__always)
    func type(_ index: UInt32) -> UInt8 {
        let i = Int(index)
        return chunks.type[i >> AppendOnlyColumn<UInt32>.chunkShift][i & AppendOnlyColumn<UInt32>.chunkMask]
    }

    /// One row's brand code.
    @inline(__always)
    func brand(_ index: UInt32) -> UInt32 {
        let i = Int(index)
        let c = i >> AppendOnlyColumn<UInt32>.chunkShift
        return NarrowCodes(narrow: chunks.brand[c], wide: chunks.brandWide, chunk: c)[
            i & AppendOnlyColumn<UInt32>.chunkMask]
    }
}
