/// Why a row could not be read. Every rejected row carries one, and it is what the user sees.
public enum RejectReason: Sendable, Equatable, CustomStringConvertible {
    case fieldCount(found: Int)
    case badTime(String)
    case unknownEventType(String)
    case notAWholeNumber(column: String, value: String)
    /// All digits, but more than an unsigned 64-bit id holds.
    case outOfRange(column: String, value: String)
    case badPrice(String)
    case unterminatedQuote
    /// A stream record that is not an event (bad JSON, a column missing).
    case badRecord(String)

    public var description: String {
        switch self {
        case .fieldCount(let n): "expected 9 fields, found \(n)"
        case .badTime(let v): "event_time '\(v)' is not YYYY-MM-DD HH:MM:SS UTC"
        case .unknownEventType(let v): "unknown event_type '\(v)' (expected view, cart, remove_from_cart or purchase)"
        case .notAWholeNumber(let c, let v): "\(c) '\(v)' is not a whole number"
        case .outOfRange(let c, let v): "\(c) '\(v)' is too large (ids go up to \(UInt64.max))"
        case .badPrice(let v): "price '\(v)' is not a non-negative amount with at most two decimals"
        case .unterminatedQuote: "a quoted field is not closed before the end of the file"
        case .badRecord(let why): "not an event record: \(why)"
        }
    }

    /// A short, stable name for counting rejects by kind.
    public var kind: String {
        switch self {
        case .fieldCount: "field_count"
        case .badTime: "event_time"
        case .unknownEventType: "event_type"
        case .notAWholeNumber(let c, _), .outOfRange(let c, _): c
        case .badPrice: "price"
        case .unterminatedQuote: "quote"
        case .badRecord: "record"
        }
    }
}

/// A rejected row: where it was, why, and its original bytes so nothing is lost.
public struct RejectedRow: Sendable, Equatable {
    public var file: String
    public var line: Int
    public var reason: RejectReason
    public var raw: [UInt8]

    /// `file:line: reason`, the form compilers use, so editors can jump to it; safe to print on a
    /// terminal whatever the input held.
    public var message: String { PrintableText.escape("\(file):\(line): \(reason)") }
}
