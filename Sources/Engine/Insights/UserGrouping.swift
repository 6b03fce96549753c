/// The rows of a window grouped by user: `rows[offsets[u] ..< offsets[u + 1]]` are user `u`'s
/// row indices, ascending.
///
/// Built by a parallel counting sort (two passes over the user column, 4 bytes a row), it turns
/// the per-user figures — distinct users per day, visitors of a brand, carted pairs, bursts —
/// into scans of each user's few rows with small stamp arrays, with no hash set of pairs.
struct UserGrouping {
    let offsets: [UInt32]
    let rows: [UInt32]

    init(_ snapshot: EventSnapshot, filter: RowPredicate) {
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
    }

    var userCount: Int { offsets.count - 1 }

    /// Splits the users into `count` contiguous ranges holding near-equal numbers of rows, one per
    /// worker: users with low codes appeared first and have the most rows, so equal numbers of
    /// users would give one worker most of the work.
    func userParts(_ count: Int = Parallel.width) -> [Range<Int>] {
        let parts = max(1, count)
        let total = Int(offsets[userCount])
        var bounds = [0]
        for p in 1..<parts {
            // The first user whose rows start at or after the p-th share of the rows.
            let target = UInt32(total * p / parts)
            var lo = bounds[bounds.count - 1]
            var hi = userCount
            while lo < hi {
                let mid = (lo + hi) >> 1
                if offsets[mid] < target { lo = mid + 1 } else { hi = mid }
            }
            bounds.append(lo)
        }
        bounds.append(userCount)
        return (0..<parts).map { bounds[$0]..<bounds[$0 + 1] }
    }

    /// Distinct users per time bucket: for each of `buckets` buckets, how many users have a row
    /// whose time `bucket(time)` maps to it. Each user's rows are scanned with a stamp per bucket,
    /// on every core.
    func distinctUsers(_ snapshot: EventSnapshot, buckets: Int, bucket: (UInt32) -> Int) -> [Int] {
        let parts = userParts()
        let counts: [[Int]] = Parallel.map(parts.count) { p in
            var users = [Int](repeating: 0, count: buckets)
            var stamp = [Int](repeating: -1, count: buckets)
            for u in parts[p] {
                for k in range(u) {
                    let b = bucket(snapshot.time(rows[k]))
                    if stamp[b] != u {
                        stamp[b] = u
                        users[b] += 1
                    }
                }
            }
            return users
        }
        return (0..<buckets).map { b in counts.reduce(0) { $0 + $1[b] } }
    }

    /// Indexes into `rows` of user `u`'s rows.
    @inline(__always)
    func range(_ u: Int) -> Range<Int> { Int(offsets[u])..<Int(offsets[u + 1]) }
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
