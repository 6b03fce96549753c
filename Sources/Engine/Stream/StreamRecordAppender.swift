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
    private let appender: CSVAppender
    /// Called with each record's payload (each user record of a KPL aggregate), for what is read
    /// from records rather than rows: burst windows on `txn_timestamp`.
    public var onRecord: ((UnsafeBufferPointer<UInt8>) -> Void)?

    public init(name: String) { appender = CSVAppender(name: name) }

    /// Records turned into CSV rows, and the records that could not be: one shard's read, made on
    /// any thread, parsed there with ``parse(with:)``.
    struct Staged {
        var rows: [UInt8] = []
        var rejected: [RejectedRow] = []
        var parsed: ParsedBlock?

        /// Adds one record's payload; `source` and `position` name it in a reject. A KPL
        /// aggregate is de-aggregated: each user record is an event of its own, given to
        /// `onRecord` first.
        mutating func add(
            _ payload: UnsafeBufferPointer<UInt8>, source: String, position: Int,
            onRecord: ((UnsafeBufferPointer<UInt8>) -> Void)? = nil
        ) {
            guard KPLAggregate.isAggregated(payload) else {
                onRecord?(payload)
                if let why = EventRecordCodec.csvRow(payload, into: &rows) {
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
                    if let why = EventRecordCodec.csvRow(data, into: &rows) {
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
        mutating func parse(with parser: RowParser) { parsed = CSVAppender.parse(rows, with: parser) }
    }

    /// Adds one record's payload; `source` and `position` name it in a reject.
    public func add(_ payload: UnsafeBufferPointer<UInt8>, source: String, position: Int) {
        batch.add(payload, source: source, position: position, onRecord: onRecord)
    }

    /// Appends the rows added since the last flush to `store`.
    public func flush(into store: EventStore) {
        append(batch, to: store)
        batch.rows.removeAll(keepingCapacity: true)
        batch.rejected = []
    }

    /// Appends staged records (parsed there or not) after what was appended before.
    func append(_ staged: Staged, to store: EventStore) {
        rejected += staged.rejected
        guard !staged.rows.isEmpty else { return }
        let (_, bad) =
            staged.parsed.map { appender.append(parsed: $0, to: store) } ?? appender.append(staged.rows, to: store)
        rejected += bad
    }
}
