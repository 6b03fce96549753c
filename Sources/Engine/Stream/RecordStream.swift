/// Where streamed events come from — a shard log (``StreamConsumer``) or an Amazon Kinesis
/// stream — read the same way by `report --stream` and `stream consume`: drained into a store or
/// polled as it grows, its rejects and each record's payload (for windows on `txn_timestamp`)
/// handed on, its positions saved by `commit` once the work is done.
public protocol RecordStream: AnyObject {
    /// Reads every shard to its end or to the present, appending rows to `store`.
    func drain(into store: EventStore) throws
    /// Reads what is there now of a stream that keeps growing; `visible` gets each record's
    /// arrival time (epoch milliseconds) once the records are in the store. Returns the records read.
    func pollFollowing(into store: EventStore, visible: (([UInt64]) -> Void)?) throws -> Int
    /// Records read so far.
    var records: Int { get }
    /// Records that could not be read as events, in the order read.
    var rejected: [RejectedRow] { get }
    /// Called with each record's payload (see ``StreamRecordAppender/onRecord``).
    var onRecord: ((UnsafeBufferPointer<UInt8>) -> Void)? { get set }
    /// Saves a named consumer's positions: what was read counts as processed (a no-op when the
    /// reader is not named).
    func commit() throws
}
