/// The rows of one text block, parsed to integers but not yet dictionary-encoded.
///
/// Blocks circulate through a fixed pool (reader → parser threads → the store's writer → reader),
/// so their buffers are allocated once and reused; one thread owns a block at a time.
/// Strings (category code, brand) stay as references into the block's bytes.
struct ParsedBlock: @unchecked Sendable {
    /// A field's bytes: offset into `bytes`, or into `scratch` when `inScratch` (an unescaped
    /// quoted field), and length.
    struct ByteRef: Sendable {
        var offset: UInt32
        var length: UInt32
        var inScratch: Bool
        static let empty = ByteRef(offset: 0, length: 0, inScratch: false)
    }

    /// A rejected record, positioned within the block.
    struct Reject: Sendable {
        var lineInBlock: Int
        var reason: RejectReason
        var start: Int
        var end: Int
    }

    /// Whether lines marked as rejected by the source are honoured (``RejectedLine``).
    var marked = false
    var source = 0
    var sequence = 0
    var bytes: [UInt8] = []
    var scratch: [UInt8] = []
    /// Input bytes consumed when this block was cut (compressed bytes for compressed input).
    var consumed: Int64 = 0
    /// Newlines in the block: the line number of the next block's first record is derived from it.
    var lines = 0
    var rejects: [Reject] = []
    /// Sessions that are not canonical UUIDs, with their text: their keys are hashes, so the
    /// store keeps the spelling aside to write them out again (Parquet export).
    var oddSessions: [(key: Key128, text: [UInt8])] = []
    /// The parsed rows, column by column.
    let rows = ParsedRows()

    var count: Int { rows.count }

    init() {}

    /// Empties the block for its next use, keeping every buffer.
    mutating func reset(source: Int, sequence: Int, marked: Bool = false) {
        self.source = source
        self.marked = marked
        self.sequence = sequence
        consumed = 0
        lines = 0
        bytes.removeAll(keepingCapacity: true)
        scratch.removeAll(keepingCapacity: true)
        rejects.removeAll(keepingCapacity: true)
        oddSessions.removeAll(keepingCapacity: true)
        rows.count = 0
    }
}

/// Column buffers of a parsed block, written by index with no per-row checks.
///
/// `hash` columns hold each row's `mixedHash` of user, product and session, computed by the parser
/// threads so the single writer only probes. Category-code and brand bytes are hashed by the writer,
/// and only for the few rows whose product does not repeat them (``ProductAttributes``).
final class ParsedRows: @unchecked Sendable {
    private(set) var capacity = 0
    var count = 0
    private(set) var time = UnsafeMutablePointer<UInt32>.allocate(capacity: 1)
    private(set) var type = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
    private(set) var product = UnsafeMutablePointer<UInt64>.allocate(capacity: 1)
    private(set) var categoryId = UnsafeMutablePointer<UInt64>.allocate(capacity: 1)
    private(set) var categoryCode = UnsafeMutablePointer<ParsedBlock.ByteRef>.allocate(capacity: 1)
    private(set) var brand = UnsafeMutablePointer<ParsedBlock.ByteRef>.allocate(capacity: 1)
    private(set) var price = UnsafeMutablePointer<UInt32>.allocate(capacity: 1)
    private(set) var user = UnsafeMutablePointer<UInt64>.allocate(capacity: 1)
    private(set) var session = UnsafeMutablePointer<Key128>.allocate(capacity: 1)
    private(set) var userHash = UnsafeMutablePointer<UInt64>.allocate(capacity: 1)
    private(set) var productHash = UnsafeMutablePointer<UInt64>.allocate(capacity: 1)
    private(set) var sessionHash = UnsafeMutablePointer<UInt64>.allocate(capacity: 1)

    deinit { release() }

    /// Makes room for `rows` rows; existing rows are dropped (call before parsing a block).
    func reserve(_ rows: Int) {
        guard rows > capacity else { return }
        release()
        capacity = rows
        time = .allocate(capacity: rows)
        type = .allocate(capacity: rows)
        product = .allocate(capacity: rows)
        categoryId = .allocate(capacity: rows)
        categoryCode = .allocate(capacity: rows)
        brand = .allocate(capacity: rows)
        price = .allocate(capacity: rows)
        user = .allocate(capacity: rows)
        session = .allocate(capacity: rows)
        userHash = .allocate(capacity: rows)
        productHash = .allocate(capacity: rows)
        sessionHash = .allocate(capacity: rows)
    }

    private func release() {
        time.deallocate(); type.deallocate(); product.deallocate(); categoryId.deallocate()
        categoryCode.deallocate(); brand.deallocate(); price.deallocate(); user.deallocate()
        session.deallocate(); userHash.deallocate(); productHash.deallocate(); sessionHash.deallocate()
    }
}
