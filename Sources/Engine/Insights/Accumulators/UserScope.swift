/// Which of a user's rows a live refold must fold again when some of them changed (entered or
/// left the figures): the part of the user's history that the changed rows can affect.
///
/// A user's contribution to every per-user figure is a sum over keys — a day, an hour or a burst
/// window (a stretch of time), a brand, the user's carts and purchases taken together — plus
/// whether the user is there at all. A key that no changed row has holds the same rows before and
/// after the change, so its contribution is taken back and added again unchanged whether or not
/// its rows are folded, and only the keys of the changed rows need all their rows. Each
/// accumulator names its keys (``InsightAccumulator/widen(_:for:)``); whether the user is there at
/// all is witnessed by their first row, as long as that row is in the figures before and after
/// (else the whole history is folded). So the cost of a refresh follows the rows that changed and
/// the days and brands they touch, not the length of the users' histories: a bot with a million
/// rows costs a day's worth of them.
struct UserScope {
    /// Every row: an accumulator whose contribution does not split by key.
    private(set) var everything = false
    /// Whether the user's first row is needed (to witness that the user is there at all).
    private(set) var firstRow = false
    /// Every cart and purchase.
    private(set) var cartsAndPurchases = false
    /// Stretches of time, `low ..< high` in epoch seconds; most contain the rest.
    private var times: [(low: Int64, high: Int64)] = []
    /// The brands.
    private var brands = DistinctMarks()

    /// Starts the scope of another user: nothing.
    mutating func next(brandCount: Int) {
        everything = false
        firstRow = false
        cartsAndPurchases = false
        times.removeAll(keepingCapacity: true)
        brands.next(size: brandCount)
    }

    /// Every row is needed.
    mutating func addEverything() { everything = true }

    /// The user's first row is needed.
    mutating func addFirstRow() { firstRow = true }

    /// Every cart and purchase is needed.
    mutating func addCartsAndPurchases() { cartsAndPurchases = true }

    /// The rows in bucket `bucket` of `divisor`'s length are needed.
    mutating func addBucket(_ bucket: Int64, of divisor: Int64) {
        let low = bucket * divisor
        let high = low + divisor
        for t in times where t.low <= low && high <= t.high { return }
        times.append((low, high))
    }

    /// The rows of brand `brand` are needed.
    mutating func addBrand(_ brand: UInt32) { _ = brands.first(Int(brand)) }

    /// Whether a row at this time is needed by its time (every row, or one in a stretch): the
    /// rows that figures keyed by time (days, hours, burst windows) need.
    @inline(__always)
    func contains(time: UInt32) -> Bool {
        if everything { return true }
        let t = Int64(time)
        for s in times where s.low <= t && t < s.high { return true }
        return false
    }

    /// Whether a row with this brand and event type is needed by them: the rows that figures keyed
    /// by brand or by the carts and purchases need.
    @inline(__always)
    func contains(brand: UInt32, type: UInt8) -> Bool {
        if brands.isMarked(Int(brand)) { return true }
        return cartsAndPurchases && (type == EventType.cart.rawValue || type == EventType.purchase.rawValue)
    }
}
