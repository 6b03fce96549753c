/// One insight's running state, in the model of Apache DataFusion's accumulators (`update_batch`,
/// `merge_batch`, `retract_batch`, `evaluate`) and Flink's `AggregateFunction`.
///
/// An insight sees rows in two ways:
/// - row by row (`fold(_:_:sign:)`): counts, revenue and distinct sessions, which add up over rows;
/// - a user at a time (`fold(user:sign:)`): distinct visitors, carted pairs and burst windows, which
///   need all of a user's rows together. What a user's rows contribute is added whole, and taken
///   back whole before the user's changed rows are added again.
/// Every figure is a sum of such contributions, so a fold with sign −1 retracts, and two partial
/// states — two cores' shares of the rows, or a batch's change — merge by adding up.
/// ``InsightFolding`` drives accumulators over a snapshot (the report, a new filter) and
/// ``LiveInsights`` keeps them up to date as rows arrive and windows slide.
protocol InsightAccumulator {
    /// Whether the insight needs a user's rows together: without it, no grouping by user is made.
    var foldsUsers: Bool { get }
    /// An empty state with the same options: a core's share of the work, or a batch's change.
    func empty() -> Self
    /// Makes room for the codes of `snapshot`'s dictionaries, which only grow.
    mutating func prepare(_ snapshot: EventSnapshot)
    /// Adds (`sign` 1) or takes back (−1) one row the filter keeps.
    mutating func fold(_ chunk: EventChunk, _ i: Int, sign: Int)
    /// Adds every row of chunk `k` that `selection` keeps: row by row, unless the accumulator
    /// has a faster way over a whole chunk (``ChunkTally``).
    mutating func fold(_ selection: RowSelection, chunk k: Int)
    /// Adds (`sign` 1) or takes back (−1) what all of one user's kept rows contribute.
    mutating func fold(user: UserRows, sign: Int)
    /// Adds to `scope` the keys of `row`, one of a user's rows that changed: a refold of the user
    /// then folds only their rows with those keys (``UserScope``). The default, for an accumulator
    /// that folds users, is every row.
    func widen(_ scope: inout UserScope, for row: UserRow)
    /// Adds a partial state built from other rows or users.
    mutating func merge(_ other: Self)
}

extension InsightAccumulator {
    mutating func prepare(_ snapshot: EventSnapshot) {}
    @inline(__always)
    mutating func fold(_ chunk: EventChunk, _ i: Int, sign: Int) {}
    mutating func fold(user: UserRows, sign: Int) {}

    func widen(_ scope: inout UserScope, for row: UserRow) {
        if foldsUsers { scope.addEverything() }
    }

    mutating func fold(_ selection: RowSelection, chunk k: Int) {
        selection.forEachRow(inChunk: k) { chunk, i in fold(chunk, i, sign: 1) }
    }
}

/// The kept rows of one user, gathered once for every accumulator: the columns most per-user
/// figures read; a pair's last cart reads its price and category from the store by row number
/// (``ColumnChunks/price(_:)``, ``ColumnChunks/category(_:)``).
struct UserRows {
    /// The user's dictionary code.
    let user: UInt32
    /// In row order.
    let rows: UnsafeBufferPointer<UserRow>
    /// The store's columns, to read a row's other columns: pointers only, so that making a
    /// user's value per user costs no reference counting (a whole snapshot per user did: an
    /// eighth of a filter's time went to retaining and releasing it, 3 M users a month).
    let columns: ColumnChunks
    /// Whether row order is time order, as it is for almost every user (a late event breaks it):
    /// then figures per time bucket are counted in one pass, without sorting.
    let inTimeOrder: Bool

    init(user: UInt32, rows: UnsafeBufferPointer<UserRow>, snapshot: EventSnapshot) {
        self.user = user
        self.rows = rows
        columns = snapshot.chunks
        var ordered = true
        var k = 1
        while ordered, k < rows.count {
            ordered = rows[k - 1].time <= rows[k].time
            k += 1
        }
        inTimeOrder = ordered
    }
}

/// The columns of a user's row that most per-user figures read, in 16 bytes.
///
/// The product rides in the bytes left beside the event type: carts and purchases need it, and
/// read from the store by row number it was a cache miss each (two thirds of the abandonment
/// fold's time). A product code too wide for its 24 bits is read from the store after all, and
/// so is the product of a row read by number.
struct UserRow {
    var time: UInt32
    var row: UInt32
    var brand: UInt32
    /// The product code (or ``wideProduct``) above the event type's 8 bits.
    private var productAndType: UInt32

    private static let wideProduct: UInt32 = 0xFF_FFFF

    var type: UInt8 { UInt8(truncatingIfNeeded: productAndType) }

    /// The row's product code.
    @inline(__always)
    func product(_ columns: ColumnChunks) -> UInt32 {
        let p = productAndType >> 8
        return p != Self.wideProduct ? p : columns.product(row)
    }

    /// A row read by its number (a few rows, wherever they lie): its product is left to be read
    /// on demand, as only carts and purchases need it.
    init(_ snapshot: EventSnapshot, row r: UInt32) {
        self.init(row: r, time: snapshot.time(r), brand: snapshot.brand(r), type: snapshot.type(r))
    }

    /// A row whose other columns are at hand; its product is read on demand.
    @inline(__always)
    init(row r: UInt32, time: UInt32, brand: UInt32, type: UInt8) {
        self.time = time
        row = r
        self.brand = brand
        productAndType = Self.pack(product: Self.wideProduct, type: type)
    }

    @inline(__always)
    init(_ chunk: EventChunk, _ i: Int) {
        time = chunk.time[i]
        row = UInt32(chunk.start + i)
        brand = chunk.brand[i]
        productAndType = Self.pack(product: chunk.product[i], type: chunk.type[i])
    }

    @inline(__always)
    private static func pack(product: UInt32, type: UInt8) -> UInt32 {
        min(product, wideProduct) << 8 | UInt32(type)
    }
}

extension UserRows {
    /// Calls `body` once with each distinct bucket (`bucket` of a row's time) the rows fall in, in
    /// order; `scratch` is the caller's, kept to save allocations when the rows are out of order.
    @inline(__always)
    func forEachDistinct(_ scratch: inout [Int64], bucket: (UInt32) -> Int64, _ body: (Int64) -> Void) {
        if inTimeOrder {
            var last = Int64.min
            for r in rows {
                let b = bucket(r.time)
                if b != last { body(b) }
                last = b
            }
            return
        }
        scratch.removeAll(keepingCapacity: true)
        for r in rows { scratch.append(bucket(r.time)) }
        scratch.sort()
        for (k, b) in scratch.enumerated() where k == 0 || scratch[k - 1] != b { body(b) }
    }
}

/// Distinct values among a few: marks a value seen by the current user (or whatever unit the
/// caller counts) with a stamp that changes per unit, so nothing is cleared between units.
struct DistinctMarks {
    private var marks: [UInt32] = []
    private var stamp: UInt32 = 0

    /// Starts a new unit: every value is unseen again.
    mutating func next(size: Int) {
        marks.grow(to: size, with: 0)
        stamp &+= 1
        if stamp == 0 {  // after 2^32 units the stamps start over
            marks = Array(repeating: 0, count: marks.count)
            stamp = 1
        }
    }

    /// Whether `value` was marked seen in this unit.
    @inline(__always)
    func isMarked(_ value: Int) -> Bool { value < marks.count && marks[value] == stamp }

    /// Marks `value` seen; true the first time in this unit.
    @inline(__always)
    mutating func first(_ value: Int) -> Bool {
        if marks[value] == stamp { return false }
        marks[value] = stamp
        return true
    }

    /// Calls `body` with a function that marks a value seen and returns 1 the first time in this
    /// unit, else 0: no branch, for loops that add it up (whether a user's row is their first of
    /// its brand is a coin toss the branch predictor loses), and no uniqueness check a value.
    @inline(__always)
    mutating func withMarks<R>(_ body: ((Int) -> Int) -> R) -> R {
        let stamp = self.stamp
        return marks.withUnsafeMutableBufferPointer { marks in
            body { value in
                let seen = Branchless.equal(marks[value], stamp)
                marks[value] = stamp
                return 1 &- seen
            }
        }
    }
}
