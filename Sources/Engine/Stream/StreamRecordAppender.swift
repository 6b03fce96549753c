/// Stream records — the tutorial's JSON, ecomdash's own format, CSV lines, KPL aggregates of
/// them — appended to a store as
/// rows, whatever stream they came from (a shard log, Kinesis). A record that is not an event, or
/// whose row the CSV reader rejects, becomes a reject naming where it was read.
public final class StreamRecordAppender {
    public private(set) var rejected: [RejectedRow] = []
    private var batch: [UInt8] = []
    private let appender: CSVAppender
    /// Called with each record's payload (each user record of a KPL aggregate), for what is read
    /// from records rather than rows: burst windows on `txn_timestamp`.
    public var onRecord: ((UnsafeBufferPointer<UInt8>) -> Void)?

    public init(name: String) { appender = CSVAppender(name: name) }

    /// Adds one record's payload; `source` and `position` name it in a reject.
    /// A KPL aggregate is de-aggregated: each user record is an event of its own.
    public func add(_ payload: UnsafeBufferPointer<UInt8>, source: String, position: Int) {
        guard KPLAggregate.isAggregated(payload) else {
            onRecord?(payload)
            if let why = EventRecordCodec.csvRow(payload, into: &batch) {
                rejected.append(RejectedRow(file: source, line: position, reason: .badRecord(why), raw: Array(payload)))
            }
            return
        }
        switch KPLAggregate.userRecords(payload) {
        case .failure(let f):
            rejected.append(
                RejectedRow(file: source, line: position, reason: .badRecord(f.description), raw: Array(payload)))
        case .success(let records):
            for (k, r) in records.enumerated() {
                let data = UnsafeBufferPointer(rebasing: payload[r])
                onRecord?(data)
                if let why = EventRecordCodec.csvRow(data, into: &batch) {
                    rejected.append(
                        RejectedRow(
                            file: source, line: position,
                            reason: .badRecord("user record \(k + 1) of a KPL aggregate: \(why)"),
                            raw: Array(data)))
                }
            }
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
