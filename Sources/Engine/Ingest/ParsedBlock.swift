/// The rows of one text block, parsed to integers but not yet dictionary-encoded.
///
/// Parser threads fill these in parallel; the store's single writer encodes them in order.
/// Strings (category code, brand) stay as references into the block's bytes.
struct ParsedBlock: Sendable {
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

    var source: Int
    var sequence: Int
    var bytes: [UInt8]
    var scratch: [UInt8] = []
    /// Input bytes consumed when this block was cut (compressed bytes for compressed input).
    var consumed: Int64
    /// Newlines in the block: the line number of the next block's first record is derived from it.
    var lines = 0

    var time: [UInt32] = []
    var type: [UInt8] = []
    var product: [UInt64] = []
    var categoryId: [UInt64] = []
    var categoryCode: [ByteRef] = []
    var brand: [ByteRef] = []
    var price: [UInt32] = []
    var user: [UInt64] = []
    var session: [Key128] = []
    /// `mixedHash` of each row's user, product and session, computed by the parser threads so
    /// the single encoding thread only probes.
    var userHash: [UInt64] = []
    var productHash: [UInt64] = []
    var sessionHash: [UInt64] = []
    var rejects: [Reject] = []

    var count: Int { time.count }

    init() {
        source = 0
        sequence = 0
        bytes = []
        consumed = 0
    }

    /// Empties the block for its next use, keeping every array's capacity.
    mutating func reset(source: Int, sequence: Int) {
        self.source = source
        self.sequence = sequence
        consumed = 0
        lines = 0
        bytes.removeAll(keepingCapacity: true)
        scratch.removeAll(keepingCapacity: true)
        time.removeAll(keepingCapacity: true)
        type.removeAll(keepingCapacity: true)
        product.removeAll(keepingCapacity: true)
        categoryId.removeAll(keepingCapacity: true)
        categoryCode.removeAll(keepingCapacity: true)
        brand.removeAll(keepingCapacity: true)
        price.removeAll(keepingCapacity: true)
        user.removeAll(keepingCapacity: true)
        session.removeAll(keepingCapacity: true)
        userHash.removeAll(keepingCapacity: true)
        productHash.removeAll(keepingCapacity: true)
        sessionHash.removeAll(keepingCapacity: true)
        rejects.removeAll(keepingCapacity: true)
    }
}
