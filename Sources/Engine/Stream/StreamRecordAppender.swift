/// Stream records — the tutorial's JSON, ecomdash's own format, CSV lines — appended to a store as
/// rows, whatever stream they came from (a shard log, Kinesis). A record that is not an event, or
/// whose row the CSV reader rejects, becomes a reject naming where it was read.
public final class StreamRecordAppender {
    public private(set) var rejected: [RejectedRow] = []
    private var batch: [UInt8] = []
    private let appender: CSVAppender

    public init(name: String) { appender = CSVAppender(name: name) }

    /// Adds one record's payload; `source` and `position` name it in a reject.
    public func add(_ payload: UnsafeBufferPointer<UInt8>, source: String, position: Int) {
        if let why = EventRecordCodec.csvRow(payload, into: &batch) {
            rejected.append(RejectedRow(file: source, line: position, reason: .badRecord(why), raw: Array(payload)))
        }
    }

    /// Appends the rows added since the last flush to `store`.
    public func flush(into store: EventStore) {
        guard !batch.isEmpty else { return }
        let (_, bad) = appender.append(batch, to: store)
        rejected += bad
        batch.removeAll(keepingCapacity: true)
    }
}
