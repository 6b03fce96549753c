/// How many entries each of the store's dictionaries holds: a lake's committed dictionaries, or
/// where the entries an ingest added begin.
struct DictionaryCounts: Codable, Equatable, Sendable {
    var users = 0
    var products = 0
    /// Sessions after code 0, the empty session every store has.
    var sessions = 0
    var categories = 0
    /// Brands and category-code strings after code 0, the empty string.
    var brands = 0
    var categoryCodes = 0
    /// Sessions that are not canonical UUIDs, with their text.
    var oddSessions = 0

    enum CodingKeys: String, CodingKey {
        case users, products, sessions, categories, brands
        case categoryCodes = "category_codes"
        case oddSessions = "odd_sessions"
    }
}

/// Dictionary entries in code order: the part of the store's dictionaries a lake keeps, so that
/// its segments' codes mean the same when it is opened again.
struct DictionaryEntries: Equatable {
    var users: [UInt64] = []
    var products: [UInt64] = []
    var sessions: [Key128] = []
    /// Sessions counted but not read (a read-only store never decodes them).
    var unkeyedSessions = 0
    var categories: [CategoryKey] = []
    var brands: [[UInt8]] = []
    var categoryCodes: [[UInt8]] = []
    var oddSessions: [(key: Key128, text: [UInt8])] = []

    var counts: DictionaryCounts {
        DictionaryCounts(
            users: users.count, products: products.count, sessions: sessions.count + unkeyedSessions,
            categories: categories.count,
            brands: brands.count, categoryCodes: categoryCodes.count, oddSessions: oddSessions.count)
    }

    static func == (a: DictionaryEntries, b: DictionaryEntries) -> Bool {
        a.users == b.users && a.products == b.products && a.sessions == b.sessions && a.categories == b.categories
            && a.brands == b.brands && a.categoryCodes == b.categoryCodes
            && a.oddSessions.map(\.key) == b.oddSessions.map(\.key)
            && a.oddSessions.map(\.text) == b.oddSessions.map(\.text)
    }
}

extension EventStore {
    /// The dictionary entries added after `counts` (all of them from zero counts), and the odd
    /// sessions whose keys are not in `knownOdd`.
    func dictionaryEntries(after counts: DictionaryCounts, knownOdd: Set<Key128>) -> DictionaryEntries {
        writer.withLock { d in
            var e = DictionaryEntries()
            e.users = (counts.users..<d.users.count).map { d.users.keys[$0] }
            e.products = (counts.products..<d.products.count).map { d.products.keys[$0] }
            e.sessions = ((counts.sessions + 1)..<max(counts.sessions + 1, d.sessions.count)).map {
                d.sessions.keys[$0]
            }
            e.categories = (counts.categories..<d.categories.count).map { d.categories.keys[$0] }
            e.brands = ((counts.brands + 1)..<max(counts.brands + 1, d.brands.count)).map { d.brands.bytes($0) }
            e.categoryCodes = ((counts.categoryCodes + 1)..<max(counts.categoryCodes + 1, d.categoryCodes.count)).map {
                d.categoryCodes.bytes($0)
            }
            e.oddSessions = d.oddSessionSpellings.filter { !knownOdd.contains($0.key) }
                .sorted { ($0.key.high, $0.key.low) < ($1.key.high, $1.key.low) }.map { (key: $0.key, text: $0.value) }
            return e
        }
    }

    /// Fills an empty store's dictionaries with a lake's. With `appendable`, everything needed to
    /// add rows is kept (session keys, lookup indexes rebuilt on the first append); without, the
    /// session keys are counted, not kept, as after ``finishLoading()``.
    func loadDictionaries(_ e: DictionaryEntries, appendable: Bool) {
        let empty = writer.withLock { d in d.rows == 0 && d.users.count == 0 }
        precondition(empty, "dictionaries load into an empty store")
        addDictionaryEntries(e, appendable: appendable)
    }

    /// Adds a lake's later dictionary entries (those a landing added) after the ones loaded
    /// into this read-only store, so that the segments landed since can be appended.
    func extendDictionaries(_ e: DictionaryEntries) { addDictionaryEntries(e, appendable: false) }

    private func addDictionaryEntries(_ e: DictionaryEntries, appendable: Bool) {
        writer.withLock { d in
            e.users.withUnsafeBufferPointer { d.users.load($0) }
            e.products.withUnsafeBufferPointer { d.products.load($0) }
            e.categories.withUnsafeBufferPointer { d.categories.load($0) }
            if appendable {
                precondition(e.unkeyedSessions == 0, "an appendable store needs every session key")
                d.productAttributes.reserveUnknown(e.products.count)
                e.sessions.withUnsafeBufferPointer { d.sessions.load($0) }
            } else {
                d.sessions.releaseKeys()
                d.sessions.loadCount(e.sessions.count + e.unkeyedSessions)
            }
            for b in e.brands {
                _ = b.withUnsafeBufferPointer {
                    d.brands.code($0.baseAddress ?? UnsafePointer(bitPattern: 1)!, $0.count)
                }
            }
            for c in e.categoryCodes {
                _ = c.withUnsafeBufferPointer {
                    d.categoryCodes.code($0.baseAddress ?? UnsafePointer(bitPattern: 1)!, $0.count)
                }
            }
            for o in e.oddSessions { d.oddSessionSpellings[o.key] = o.text }
            publish(d)
        }
    }

    /// Appends rows already in this store's codes (a lake segment's), as ``append(_:)`` does with
    /// parsed text: into slots no snapshot covers, then published.
    ///
    /// The rows are written on every core, each core a run of whole chunks of the store: most of
    /// the time goes to the first touch of the columns' fresh pages (the kernel zeroes each one),
    /// which a single writer thread did alone. A chunk's time base and zone map belong to the one
    /// core writing it; category and brand codes that need the wide side column (65,535 or more
    /// codes in the dictionary) are written by one core, since that column is shared.
    func appendEncoded(_ rows: EncodedRows) {
        let n = rows.count
        guard n > 0 else { return }
        writer.withLock { d in
            let base = d.rows
            for c in [product, price, user, session] as [AppendOnlyColumn<UInt32>] { c.ensureCapacity(base + n) }
            time.ensureCapacity(base + n)
            type.ensureCapacity(base + n)
            category.ensureCapacity(base + n)
            brand.ensureCapacity(base + n)
            let narrow = Int(NarrowCodeColumn.escape)
            let workers = d.categories.count < narrow && d.brands.count < narrow ? Parallel.width : 1
            let pieces = Self.chunkAligned(n, at: base, parts: workers)
            let ranges = Parallel.map(pieces.count) { p in writeEncoded(rows, pieces[p], at: base) }
            for r in ranges {
                d.minTime = min(d.minTime, r.lowerBound)
                d.maxTime = max(d.maxTime, r.upperBound)
            }
            d.rows = base + n
            publish(d)
        }
    }

    /// Splits rows `0 ..< n`, to be written at store row `base`, into at most `parts` contiguous
    /// pieces that begin at a chunk's first row (but the first piece) and hold near-equal numbers
    /// of chunks.
    static func chunkAligned(_ n: Int, at base: Int, parts: Int) -> [Range<Int>] {
        let size = AppendOnlyColumn<UInt32>.chunkSize
        let head = min(n, size - (base & AppendOnlyColumn<UInt32>.chunkMask))
        let chunks = 1 + (n - head + size - 1) / size  // the head, then whole (or a last) chunk each
        return Parallel.ranges(chunks, parts: min(parts, chunks)).compactMap { r in
            let lo = r.lowerBound == 0 ? 0 : head + (r.lowerBound - 1) * size
            let hi = r.upperBound == 0 ? 0 : min(n, head + (r.upperBound - 1) * size)
            return lo < hi ? lo..<hi : nil
        }
    }

    /// Writes `rows[piece]` at store row `base + piece.lowerBound`, chunk by chunk: the plain
    /// columns copied, time, category and brand in their compact forms, each chunk's zone map
    /// widened. Returns the piece's earliest and latest time.
    private func writeEncoded(_ rows: EncodedRows, _ piece: Range<Int>, at base: Int) -> ClosedRange<UInt32> {
        var lo = UInt32.max
        var hi = UInt32.min
        rows.time.withUnsafeBufferPointer { times in
            let times = times.baseAddress!
            var i = piece.lowerBound
            while i < piece.upperBound {
                let row = base + i
                let run = min(
                    piece.upperBound - i,
                    AppendOnlyColumn<UInt32>.chunkSize - (row & AppendOnlyColumn<UInt32>.chunkMask))
                @inline(__always) func copy<T>(_ values: [T], to column: AppendOnlyColumn<T>) {
                    values.withUnsafeBufferPointer {
                        column.pointer(at: row).update(from: $0.baseAddress! + i, count: run)
                    }
                }
                copy(rows.type, to: type)
                copy(rows.product, to: product)
                copy(rows.price, to: price)
                copy(rows.user, to: user)
                copy(rows.session, to: session)
                for j in i..<(i + run) {
                    lo = min(lo, times[j])
                    hi = max(hi, times[j])
                }
                time.set(row, times + i, count: run)
                rows.category.withUnsafeBufferPointer { category.set(row, $0.baseAddress! + i, count: run) }
                rows.brand.withUnsafeBufferPointer { brand.set(row, $0.baseAddress! + i, count: run) }
                chunkTimes.record(times + i, count: run, at: row)
                i += run
            }
        }
        return lo...hi
    }
}
