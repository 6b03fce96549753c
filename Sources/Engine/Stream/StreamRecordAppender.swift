/// Stream records — the tutorial's JSON, ecomdash's own format, CSV lines, KPL aggregates of
/// them — appended to a store as
/// rows, whatever stream they came from (a shard log, Kinesis). A record that is not an event, or
/// whose row the CSV reader rejects, becomes a reject naming where it was read.
///
/// Records are turned into rows in two steps: staged (each record's row, or its reject) and
/// appended. A consumer stages each shard's records on a core of its own (``Staged``) and
/// appends them in shard order, so that the rows and rejects are those of one shard after
/// another on one core.
public final class StreamRecordAppender {
    public private(set) var rejected: [RejectedRow] = []
    private var batch = Staged()
    private let parser = RowParser()
    private let appender: CSVAppender
    /// Called with each record's payload (each user record of a KPL aggregate), for what is read
    /// from records rather than rows: burst windows on `txn_timestamp`.
    public var onRecord: ((UnsafeBufferPointer<UInt8>) -> Void)?

    public init(name: String) { appender = CSVAppender(name: name) }

    /// Records turned into CSV rows, parsed, and the records that could not be: one shard's read,
    /// staged and parsed on any thread, its buffers kept from one read to the next.
    struct Staged {
        /// The rows, as CSV in its `bytes`, then parsed.
        var block = ParsedBlock()
        var rejected: [RejectedRow] = []

        /// Adds one record's payload; `source` and `position` name it in a reject. A KPL
        /// aggregate is de-aggregated: each user record is an event of its own, given to
        /// `onRecord` first.
        mutating func add(
            _ payload: UnsafeBufferPointer<UInt8>, source: String, position: Int,
            onRecord: ((UnsafeBufferPointer<UInt8>) -> Void)? = nil
        ) {
            guard KPLAggregate.isAggregated(payload) else {
                onRecord?(payload)
                if let why = EventRecordCodec.csvRow(payload, into: &block.bytes) {
                    rejected.append(
                        RejectedRow(file: source, line: position, reason: .badRecord(why), raw: Array(payload)))
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
                    if let why = EventRecordCodec.csvRow(data, into: &block.bytes) {
                        rejected.append(
                            RejectedRow(
                                file: source, line: position,
                                reason: .badRecord("user record \(k + 1) of a KPL aggregate: \(why)"),
                                raw: Array(data)))
                    }
                }
            }
        }

        /// Parses the rows, with this thread's own parser.
        mutating func parse(with parser: RowParser) {
            if !block.bytes.isEmpty { parser.parse(&block) }
        }

        /// Empties it for the next read, keeping its buffers.
        mutating func clear() {
            block.reset(source: 0, sequence: 0)
            rejected.removeAll(keepingCapacity: true)
        }
    }

    /// Adds one record's payload; `source` and `position` name it in a reject.
    public func add(_ payload: UnsafeBufferPointer<UInt8>, source: String, position: Int) {
        batch.add(payload, source: source, position: position, onRecord: onRecord)
    }

    /// Appends the rows added since the last flush to `store`.
    public func flush(into store: EventStore) {
        batch.parse(with: parser)
        append(batch, to: store)
        batch.clear()
    }

    /// Appends staged and parsed records after what was appended before.
    func append(_ staged: Staged, to store: EventStore) {
        rejected += staged.rejected
        rejected += appender.append(parsed: staged.block, to: store).rejected
    }
}
