/// The kind of a shop event, stored as one byte per row.
///
/// The raw values are the on-disk codes of the columnar store and index the per-type counters of
/// every insight, so they are dense and never reordered.
public enum EventType: UInt8, CaseIterable, Sendable, Comparable, Codable {
    case view = 0
    case cart = 1
    case removeFromCart = 2
    case purchase = 3

    /// The name the dataset uses in its `event_type` column.
    public var name: String {
        switch self {
        case .view: "view"
        case .cart: "cart"
        case .removeFromCart: "remove_from_cart"
        case .purchase: "purchase"
        }
    }

    /// Reads an event type from the bytes of a field, without building a `String`.
    @inline(__always)
    static func parse(_ p: UnsafePointer<UInt8>, _ n: Int) -> EventType? {
        switch n {
        case 4:
            // "view" / "cart"
            if p[0] == 0x76, p[1] == 0x69, p[2] == 0x65, p[3] == 0x77 { return .view }
            if p[0] == 0x63, p[1] == 0x61, p[2] == 0x72, p[3] == 0x74 { return .cart }
            return nil
        case 8:
            return matches(p, n, "purchase") ? .purchase : nil
        case 16:
            return matches(p, n, "remove_from_cart") ? .removeFromCart : nil
        default:
            return nil
        }
    }

    public static func < (lhs: EventType, rhs: EventType) -> Bool { lhs.rawValue < rhs.rawValue }

    private static func matches(_ p: UnsafePointer<UInt8>, _ n: Int, _ word: StaticString) -> Bool {
        guard word.utf8CodeUnitCount == n else { return false }
        let w = word.utf8Start
        for i in 0..<n where p[i] != w[i] { return false }
        return true
    }
}
