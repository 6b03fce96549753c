/// Distinct non-empty sessions per UTC day and in all, kept exactly while rows are added and
/// taken back.
///
/// Distinct counts are the one figure that does not add up row by row, so this keeps how many
/// rows each (session, day) holds: a session usually lives within one day, so each session has
/// one slot (its day and count) and the rare other days sit in a dictionary. A pair whose count
/// rises from zero adds a session to its day; one that falls to zero takes it away. Partial states
/// merge by replaying the other's counts, so a state built from rows taken back (negative counts)
/// merges as well.
///
/// Session codes follow first appearance, so the sessions of a stretch of time — a core's chunks,
/// the last day — hold a narrow range of codes: the slots cover only the range seen (from `base`),
/// which keeps a core's state and a merge to its share of the sessions.
struct SessionDays {
    /// The session code of slot 0.
    private var base = 0
    /// One session's slot: its day (−1: free) and its row count there, side by side so that a
    /// row reads one place.
    private struct Slot {
        var day: Int32 = -1
        var rows: Int32 = 0
    }

    private var slots: [Slot] = []
    /// Per slot: whether its session has pairs in `otherRows` (saves a lookup on almost every row).
    private var hasOthers: [Bool] = []
    /// Row counts of the (session << 24 | day) pairs outside their session's slot.
    private var otherRows: [UInt64: Int32] = [:]
    /// Per session with pairs in `otherRows`: how many of them hold rows.
    private var otherDays: [UInt32: Int] = [:]
    /// Distinct sessions per day, and in all.
    private(set) var perDay = TimeBuckets<Int>(empty: 0)
    private(set) var total = 0

    /// Adds `rows` rows (negative: takes them back) of session `s` on day `day`.
    @inline(__always)
    mutating func add(session s: UInt32, day: Int64, rows: Int32) {
        var i = Int(s) &- base
        if i < 0 || i >= slots.count { i = makeRoom(for: Int(s)) }
        let d = Int32(truncatingIfNeeded: day)
        let before: Int32
        let slot = slots[i]
        if slot.day == d {
            before = slot.rows
            slots[i] = before + rows == 0 ? Slot() : Slot(day: d, rows: before + rows)
        } else if slot.day < 0, !hasOthers[i] {
            before = 0
            slots[i] = Slot(day: d, rows: rows)
        } else {
            addOther(session: s, day: day, rows: rows)
            return
        }
        let after = before + rows
        if before <= 0, after > 0 {
            perDay.update(day) { $0 += 1 }
            if !hasOthers[i] || otherDays[s] == nil { total += 1 }
        } else if before > 0, after <= 0 {
            perDay.update(day) { $0 -= 1 }
            if !hasOthers[i] || otherDays[s] == nil { total -= 1 }
        }
    }

    /// Adds one row for each (session, day) that `forEachRow` gives — a chunk's kept rows; it is
    /// called twice, first for the range of sessions — as ``add(session:day:rows:)`` would a row at
    /// a time. The slots are written through a pointer (an array's write checks its uniqueness
    /// first: a few percent of a month's fold) and a day's new sessions counted once; a row whose
    /// session already has another day (or a negative count, from rows taken back) waits for the
    /// row-at-a-time path after the others, which gives the same figures: such a slot cannot turn
    /// free while rows are only added.
    mutating func addRows(_ forEachRow: ((UInt32, Int64) -> Void) -> Void) {
        var low = UInt32.max
        var high: UInt32 = 0
        forEachRow { s, _ in
            if s != 0 {
                low = min(low, s)
                high = max(high, s)
            }
        }
        guard low <= high else { return }
        _ = makeRoom(for: Int(low))
        _ = makeRoom(for: Int(high))
        var added = TimeBuckets<Int>(empty: 0)
        var rest: [(session: UInt32, day: Int64)] = []
        let base = self.base
        slots.withUnsafeMutableBufferPointer { slots in
            hasOthers.withUnsafeBufferPointer { hasOthers in
                forEachRow { s, day in
                    guard s != 0 else { return }
                    let i = Int(s) &- base
                    let d = Int32(truncatingIfNeeded: day)
                    let slot = slots[i]
                    if slot.day == d, slot.rows > 0 {
                        slots[i].rows = slot.rows &+ 1
                    } else if slot.day < 0, !hasOthers[i] {
                        slots[i] = Slot(day: d, rows: 1)
                        added.update(day) { $0 += 1 }
                    } else {
                        rest.append((s, day))
                    }
                }
            }
        }
        count(added)
        for r in rest { add(session: r.session, day: r.day, rows: 1) }
    }

    /// Counts the sessions that new slots added, by day, into the figures.
    private mutating func count(_ added: TimeBuckets<Int>) {
        added.forEach { day, n in
            perDay.update(day) { $0 += n }
            total += n
        }
    }

    /// Grows the slots geometrically to cover session code `s` (codes mostly grow, and a state that
    /// never sees a row — a core's share of the users — allocates nothing); returns its slot.
    private mutating func makeRoom(for s: Int) -> Int {
        if slots.isEmpty { base = max(0, s - 1024) }
        if s < base {
            let front = base - max(0, min(s - 1024, base - slots.count))
            slots.insert(contentsOf: repeatElement(Slot(), count: front), at: 0)
            hasOthers.insert(contentsOf: repeatElement(false, count: front), at: 0)
            base -= front
        } else if s - base >= slots.count {
            let n = max(s - base + 1, slots.count * 2, 4096)
            slots.grow(to: n, with: Slot())
            hasOthers.grow(to: n, with: false)
        }
        return s - base
    }

    /// The rare pair on another day than the session's slot.
    private mutating func addOther(session s: UInt32, day: Int64, rows: Int32) {
        let i = Int(s) - base
        hasOthers[i] = true
        let key = UInt64(s) << 24 | (UInt64(truncatingIfNeeded: day) & 0xFF_FFFF)
        let before = otherRows[key] ?? 0
        let after = before + rows
        otherRows[key] = after == 0 ? nil : after
        let slotHeld = slots[i].day >= 0 && slots[i].rows > 0
        let held = otherDays[s] ?? 0
        if before <= 0, after > 0 {
            perDay.update(day) { $0 += 1 }
            otherDays[s] = held + 1
            if held == 0, !slotHeld { total += 1 }
        } else if before > 0, after <= 0 {
            perDay.update(day) { $0 -= 1 }
            otherDays[s] = held == 1 ? nil : held - 1
            if held == 1, !slotHeld { total -= 1 }
        }
    }

    /// Adds the row counts of another state (another core's rows, or a batch's change).
    ///
    /// Cores fold different stretches of time, so most of the other's sessions are new here: their
    /// slot is copied, and the sessions it adds to a day are counted per day and added at the end.
    /// This merge is serial: with a call of ``add(session:day:rows:)`` a slot it took a tenth of a
    /// new filter's time on a month.
    mutating func merge(_ o: SessionDays) {
        if !o.slots.isEmpty { mergeSlots(o) }
        for (key, rows) in o.otherRows {
            // Days since 1970 fit in 24 bits until the year 47,000.
            add(session: UInt32(key >> 24), day: Int64(key & 0xFF_FFFF), rows: rows)
        }
    }

    /// The other state's slots added: those free here copied, the rest a slot at a time.
    private mutating func mergeSlots(_ o: SessionDays) {
        _ = makeRoom(for: o.base)
        _ = makeRoom(for: o.base + o.slots.count - 1)
        var added = TimeBuckets<Int>(empty: 0)
        let offset = o.base - base
        var rest: [Int] = []
        slots.withUnsafeMutableBufferPointer { slots in
            hasOthers.withUnsafeBufferPointer { hasOthers in
                o.slots.withUnsafeBufferPointer { other in
                    for k in other.indices where other[k].day >= 0 {
                        let i = offset + k
                        guard slots[i].day < 0, !hasOthers[i] else {
                            rest.append(k)
                            continue
                        }
                        slots[i] = other[k]
                        if other[k].rows > 0 { added.update(Int64(other[k].day)) { $0 += 1 } }
                    }
                }
            }
        }
        count(added)
        for k in rest {
            add(session: UInt32(o.base + k), day: Int64(o.slots[k].day), rows: o.slots[k].rows)
        }
    }
}
