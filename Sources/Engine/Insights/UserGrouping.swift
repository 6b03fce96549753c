/// The kept rows grouped by user: group `g` holds user `user(g)`'s row indices
/// `rows[offsets[g] ..< offsets[g + 1]]`, ascending.
///
/// Many rows are grouped by a parallel counting sort over the user column (two passes, 4 bytes a
/// row), where group `g` is user `g`; a few rows (the last minutes, a narrow filter) are grouped
/// by sorting (user, row) pairs, so that the cost follows the rows rather than the users.
struct UserGrouping {
    let offsets: [UInt32]
    let rows: [UInt32]
    /// The user code of each group; nil when group `g` is user `g`.
    let codes: [UInt32]?

    init(_ snapshot: EventSnapshot, filter: RowPredicate) {
        // The rows of the chunks the window reaches bound the kept rows.
        var reach = 0
        for c in 0..<snapshot.chunkCount {
            let chunk = snapshot.chunk(c)
            if chunk.times.high >= filter.low, UInt64(chunk.times.low) < filter.high { reach += chunk.count }
        }
        if reach < snapshot.userCount / 8 {
            self.init(sorting: snapshot, filter: filter)
        } else {
            self.init(counting: snapshot, filter: filter)
        }
    }

    private init(sorting snapshot: EventSnapshot, filter: RowPredicate) {
        var pairs: [UInt64] = []
        for c in 0..<snapshot.chunkCount {
            let chunk = snapshot.chunk(c)
            chunk.forEachRow(matching: filter) { i in
                pairs.append(UInt64(chunk.user[i]) << 32 | UInt64(chunk.start + i))
            }
        }
        pairs.sort()
        var offsets: [UInt32] = []
        var codes: [UInt32] = []
        for (k, p) in pairs.enumerated() where k == 0 || pairs[k - 1] >> 32 != p >> 32 {
            offsets.append(UInt32(k))
            codes.append(UInt32(p >> 32))
        }
        offsets.append(UInt32(pairs.count))
        self.offsets = offsets
        self.codes = codes
        rows = pairs.map { UInt32(truncatingIfNeeded: $0) }
    }

    private init(counting snapshot: EventSnapshot, filter: RowPredicate) {
        let users = snapshot.userCount
        let parts = Parallel.ranges(snapshot.chunkCount, parts: Parallel.width)
        var starts: [[UInt32]] = Parallel.map(parts.count) { p in
            var c = [UInt32](repeating: 0, count: users)
            c.withUnsafeMutableBufferPointer { c in
                for k in parts[p] {
                    let chunk = snapshot.chunk(k)
                    chunk.forEachRow(matching: filter) { i in c[Int(chunk.user[i])] &+= 1 }
                }
            }
            return c
        }
        // Counts become starts in place: part p of user u starts after u's rows in parts before p.
        var offsets = [UInt32](repeating: 0, count: users + 1)
        var total = 0
        for u in 0..<users {
            offsets[u] = UInt32(total)
            for p in 0..<parts.count {
                let c = Int(starts[p][u])
                starts[p][u] = UInt32(total)
                total += c
            }
        }
        offsets[users] = UInt32(total)
        var rows = HugePages.zeroedArray(UInt32.self, count: total, zero: 0)
        rows.withUnsafeMutableBufferPointer { out in
            let target = UnsafeSendable(out)
            _ = Parallel.map(parts.count) { p in
                var next = starts[p]
                next.withUnsafeMutableBufferPointer { next in
                    for k in parts[p] {
                        let chunk = snapshot.chunk(k)
                        chunk.forEachRow(matching: filter) { i in
                            let u = Int(chunk.user[i])
                            target.value[Int(next[u])] = UInt32(chunk.start + i)
                            next[u] += 1
                        }
                    }
                }
                return 0
            }
        }
        self.offsets = offsets
        self.rows = rows
        codes = nil
    }

    var groupCount: Int { offsets.count - 1 }

    /// The user code of group `g`.
    @inline(__always)
    func user(_ g: Int) -> UInt32 { codes?[g] ?? UInt32(g) }

    /// Splits the groups into `count` contiguous ranges holding near-equal numbers of rows, one per
    /// worker: users with low codes appeared first and have the most rows, so equal numbers of
    /// users would give one worker most of the work.
    func groupParts(_ count: Int = Parallel.width) -> [Range<Int>] {
        let parts = max(1, count)
        let total = Int(offsets[groupCount])
        var bounds = [0]
        for p in 1..<parts {
            // The first user whose rows start at or after the p-th share of the rows.
            let target = UInt32(total * p / parts)
            var lo = bounds[bounds.count - 1]
            var hi = groupCount
            while lo < hi {
                let mid = (lo + hi) >> 1
                if offsets[mid] < target { lo = mid + 1 } else { hi = mid }
            }
            bounds.append(lo)
        }
        bounds.append(groupCount)
        return (0..<parts).map { bounds[$0]..<bounds[$0 + 1] }
    }

    /// Indexes into `rows` of group `g`'s rows.
    @inline(__always)
    func range(_ g: Int) -> Range<Int> { Int(offsets[g])..<Int(offsets[g + 1]) }
}

extension EventSnapshot {
    /// Reads one row's columns by index (for per-user scans, which jump between chunks).
    @inline(__always)
    func row(_ index: UInt32) -> EventRow {
        let i = Int(index)
        let c = i >> AppendOnlyColumn<UInt32>.chunkShift
        let o = i & AppendOnlyColumn<UInt32>.chunkMask
        return EventRow(
            time: TimeColumn.read(chunks.timeOffsets, chunks.timeBases, chunks.timeWide, row: i),
            type: chunks.type[c][o], product: chunks.product[c][o],
            category: NarrowCodes(narrow: chunks.category[c], wide: chunks.categoryWide, chunk: c)[o],
            brand: NarrowCodes(narrow: chunks.brand[c], wide: chunks.brandWide, chunk: c)[o], price: chunks.price[c][o],
            session: chunks.session[c][o])
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

/// One row's columns, decoded from the store (the user is known from the grouping).
struct EventRow {
    var time: UInt32
    var type: UInt8
    var product: UInt32
    var category: UInt32
    var brand: UInt32
    var price: UInt32
    var session: UInt32
}
