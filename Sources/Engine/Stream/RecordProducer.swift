/// Where `replay` puts rows: a local shard log (``StreamProducer``) or an Amazon Kinesis stream.
/// The replayer paces rows and hands them over in batches; the producer encodes, routes and
/// writes them, and counts what its destination has acknowledged.
public protocol RecordProducer: AnyObject {
    /// Records the destination has acknowledged: each one is in the stream.
    var acknowledged: Int { get }
    /// Rows buffered and not yet handed to the writer.
    var pending: Int { get }
    /// The shard a row goes to, for ``resumePoints()``.
    func shard(_ bytes: UnsafeBufferPointer<UInt8>, _ fields: [Range<Int>]) -> Int
    /// For a named producer: per shard, the highest row number already in the stream (all zero
    /// when the producer is not named).
    func resumePoints() throws -> [UInt64]
    /// Buffers one row (its nine fields are `fields` ranges of `bytes`), sent at `sentAt`.
    func add(
        _ bytes: UnsafeBufferPointer<UInt8>, fields: [Range<Int>], sentAt: String, row: UInt64?, shard: Int?)
    /// Hands the buffered rows to the writer and returns at once.
    func submit()
    /// The first write error so far, if any.
    func throwIfFailed() throws
    /// Hands the buffered rows over and waits until every one is acknowledged.
    func flush() throws
}
