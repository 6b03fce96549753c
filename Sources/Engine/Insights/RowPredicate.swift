/// Which rows take part in a computation: the time window and, from the dashboard's filter, a
/// category prefix, a brand and an event type. Compiled against a snapshot's dictionaries so a
/// row is tested with integer compares only.
struct RowPredicate: Sendable {
    let window: TimeWindow
    let low: UInt32
    let high: UInt64
    /// Allowed category dictionary codes; `nil` allows all.
    let categories: [Bool]?
    /// The one allowed brand code; `nil` allows all, `UInt32.max` none (an unknown brand).
    let brand: UInt32?
    let type: UInt8?
    /// True when only the window restricts rows: the common case takes the shortest test.
    let timeOnly: Bool

    init(window: TimeWindow) {
        self.window = window
        (low, high) = window.bounds
        categories = nil
        brand = nil
        type = nil
        timeOnly = true
    }

    init(_ snapshot: EventSnapshot, options: InsightOptions) {
        window = options.window
        (low, high) = options.window.bounds
        if let prefix = options.categoryPrefix {
            categories = (0..<snapshot.categoryCount).map { c in
                let code = snapshot.categoryCodeLabels[Int(snapshot.categoryKey(UInt32(c)).code)]
                return Self.category(code, hasPrefix: prefix)
            }
        } else {
            categories = nil
        }
        if let b = options.brand {
            let label = b == EventSchema.noneLabel ? "" : b
            brand = snapshot.brandLabels.firstIndex(of: label).map(UInt32.init) ?? UInt32.max
        } else {
            brand = nil
        }
        type = options.eventType?.rawValue
        timeOnly = categories == nil && brand == nil && type == nil
    }

    /// Whether a `category_code` lies under `prefix`: equal to it or one of its sub-codes.
    /// `(none)` selects the rows without a code.
    static func category(_ code: String, hasPrefix prefix: String) -> Bool {
        if prefix == EventSchema.noneLabel { return code.isEmpty }
        return code == prefix || code.hasPrefix(prefix + ".")
    }

    /// Whether a time lies in the window.
    @inline(__always)
    func contains(time t: UInt32) -> Bool { t >= low && UInt64(t) < high }

    /// 1 when time `t` lies in the window, else 0, without a branch (``Branchless``).
    @inline(__always)
    func timeIn(_ t: UInt32) -> Int {
        (1 &- Branchless.less(UInt64(t), UInt64(low))) & Branchless.less(UInt64(t), high)
    }

    @inline(__always)
    func accepts(_ chunk: EventChunk, _ i: Int) -> Bool {
        let t = chunk.time[i]
        guard t >= low, UInt64(t) < high else { return false }
        return timeOnly || acceptsAttributes(chunk, i)
    }

    /// Whether the row passes the category, brand and type tests (its time aside).
    @inline(__always)
    func acceptsAttributes(_ chunk: EventChunk, _ i: Int) -> Bool {
        if let type, chunk.type[i] != type { return false }
        if let brand, chunk.brand[i] != brand { return false }
        if let categories, !categories[Int(chunk.category[i])] { return false }
        return true
    }
}

extension EventChunk {
    /// How much of the chunk the window reaches, by its time range.
    enum WindowReach { case none, part, whole }

    /// How much of the chunk `filter`'s window reaches: a chunk it misses is skipped, one inside
    /// it (most of them) skips the time test.
    @inline(__always)
    func reach(_ filter: RowPredicate) -> WindowReach {
        guard times.high >= filter.low, UInt64(times.low) < filter.high else { return .none }
        return times.low >= filter.low && UInt64(times.high) < filter.high ? .whole : .part
    }

    /// Writes the offsets of the chunk's rows that `filter` accepts to `out` (room for the chunk's
    /// rows), in order, and returns how many. Each row's test is arithmetic, not a branch: whether
    /// a row passes a category or brand filter is a coin toss the branch predictor loses.
    func keptRows(matching filter: RowPredicate, into out: UnsafeMutablePointer<UInt16>) -> Int {
        let reach = reach(filter)
        guard reach != .none else { return 0 }
        return (filter.categories ?? []).withUnsafeBufferPointer { categories in
            var n = 0
            for i in 0..<count {
                out[n] = UInt16(truncatingIfNeeded: i)
                var keep = 1
                if reach == .part { keep &= filter.timeIn(time[i]) }
                if let type = filter.type { keep &= Branchless.equal(UInt32(self.type[i]), UInt32(type)) }
                if let brand = filter.brand { keep &= Branchless.equal(self.brand[i], brand) }
                if filter.categories != nil { keep &= Branchless.one(categories[Int(category[i])]) }
                n &+= keep
            }
            return n
        }
    }

    /// Calls `body` with each row offset of the chunk that `filter` accepts.
    @inline(__always)
    func forEachRow(matching filter: RowPredicate, _ body: (Int) -> Void) {
        let reach = reach(filter)
        guard reach != .none else { return }
        switch (filter.timeOnly, reach == .whole) {
        case (true, true):
            for i in 0..<count { body(i) }
        case (true, false):
            for i in 0..<count {
                let t = time[i]
                if t >= filter.low, UInt64(t) < filter.high { body(i) }
            }
        case (false, true):
            for i in 0..<count where filter.acceptsAttributes(self, i) { body(i) }
        case (false, false):
            for i in 0..<count where filter.accepts(self, i) { body(i) }
        }
    }
}
