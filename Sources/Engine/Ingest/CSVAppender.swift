/// Appends CSV records held in memory (no header) to a store: the path for events that arrive
/// a few at a time, such as the dashboard's demo feed, with the same parser as file ingest.
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
        store.append(block)
        let rejects = block.rejects.map {
            RejectedRow(
                file: name, line: line + $0.lineInBlock, reason: $0.reason, raw: Array(bytes[$0.start..<$0.end]))
        }
        line += block.lines
        return (block.count, rejects)
    }
}
