/// Appends CSV records held in memory (no header) to a store: the path for events that arrive
/// a few at a time, such as the dashboard's demo feed, with the same parser as file ingest.
///
/// Parsing and appending are two steps, so that records from several places (a stream's shards)
/// can be parsed on several cores, each with its own ``RowParser``, and appended in a fixed
/// order, their rejects numbered as one sequence (``append(parsed:to:)``).
public final class CSVAppender: @unchecked Sendable {
    private let parser = RowParser()
    private var block = ParsedBlock()
    private let name: String
    private var line = 1

    /// - Parameter name: how rejects name the source.
    public init(name: String) { self.name = name }

    /// Parses and appends whole records; returns the rows appended and the rows rejected.
    @discardableResult
    public func append(_ bytes: [UInt8], to store: EventStore) -> (rows: Int, rejected: [RejectedRow]) {
        guard !bytes.isEmpty else { return (0, []) }
        block.reset(source: 0, sequence: 0)
        block.bytes = bytes
        parser.parse(&block)
        return append(parsed: block, to: store)
    }

    /// Appends a block of whole records a ``RowParser`` parsed; its rejects are numbered after
    /// the records appended before it.
    func append(parsed block: ParsedBlock, to store: EventStore) -> (rows: Int, rejected: [RejectedRow]) {
        guard !block.bytes.isEmpty else { return (0, []) }
        store.append(block)
        let rejects = block.rejects.map {
            RejectedRow(
                file: name, line: line + $0.lineInBlock, reason: $0.reason,
                raw: Array(block.bytes[$0.start..<$0.end]))
        }
        line += block.lines
        return (block.count, rejects)
    }
}
