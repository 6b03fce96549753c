/// The figures kept per category cell and the one "top" ranks by.
public enum ActivityMetric: String, CaseIterable, Sendable, Codable {
    case events, views, carts, purchases, revenue
}

/// Event counts and revenue of one cell (a category in an hour, a brand, …).
public struct ActivityCounts: Sendable, Equatable, Codable {
    public var events = 0
    public var views = 0
    public var carts = 0
    public var purchases = 0
    public var revenueCents: Int64 = 0
    /// Events that took a product out of a cart: every event is a view, a cart, a removal or a
    /// purchase.
    public var removals: Int { events - views - carts - purchases }

    public init() {}

    /// Adds (`sign` 1) or takes back (−1) one event.
    @inline(__always)
    mutating func add(type: UInt8, price: UInt32, sign: Int = 1) {
        events += sign
        switch type {
        case EventType.view.rawValue: views += sign
        case EventType.cart.rawValue: carts += sign
        case EventType.purchase.rawValue:
            purchases += sign
            revenueCents += Int64(price) * Int64(sign)
        default: break
        }
    }

    mutating func add(_ o: ActivityCounts) {
        events += o.events
        views += o.views
        carts += o.carts
        purchases += o.purchases
        revenueCents += o.revenueCents
    }

    /// The value of `metric`, for ranking.
    public func value(_ metric: ActivityMetric) -> Int64 {
        switch metric {
        case .events: Int64(events)
        case .views: Int64(views)
        case .carts: Int64(carts)
        case .purchases: Int64(purchases)
        case .revenue: revenueCents
        }
    }
}
