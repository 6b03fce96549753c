/// The time burst windows fall on: the rows' event time (the insight folds them from the store),
/// or a time only a stream's records carry, which whoever reads the records windows as it reads
/// them (``ArrivalBurstWindows``, ``TxnBurstWindows``).
public enum BurstClock: String, Sendable, Equatable, CaseIterable {
    /// The event's own time (`event_time`).
    case event
    /// When ecomdash's shard log stored the record.
    case arrival
    /// The record's `txn_timestamp`: when the tutorial's simulator sent it, as its Flink job windows.
    case txn

    /// How the dashboard names it.
    public var name: String {
        switch self {
        case .event: "event time"
        case .arrival: "arrival time"
        case .txn: "txn_timestamp"
        }
    }
}
