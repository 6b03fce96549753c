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
    var rejects: [Reject] = []

    var count: Int { time.count }

    init(source: Int, sequence: Int, bytes: [UInt8], consumed: Int64) {
        self.source = source
        self.sequence = sequence
        self.bytes = bytes
        self.consumed = consumed
        let estimate = bytes.count / 110 + 16
        time.reserveCapacity(estimate)
        type.reserveCapacity(estimate)
        product.reserveCapacity(estimate)
        categoryId.reserveCapacity(estimate)
        categoryCode.reserveCapacity(estimate)
        brand.reserveCapacity(estimate)
        price.reserveCapacity(estimate)
        user.reserveCapacity(estimate)
        session.reserveCapacity(estimate)
    }
}
