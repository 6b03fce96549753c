/// An immutable view of the store at one moment: what every insight computes on.
///
/// Cheap to take (a few small arrays are copied under the lock) and safe to use from any thread
/// while the store keeps growing; it keeps the store alive.
public struct EventSnapshot: Sendable {
    let store: EventStore
    let chunks: ColumnChunks
    /// Rows in the snapshot.
    public let count: Int
    /// Distinct users, products, sessions (code 0 is the empty session) and categories.
    public let userCount: Int
    public let productCount: Int
    public let sessionCount: Int
    public let categoryCount: Int
    /// Brand and category-code strings by dictionary code; code 0 is the empty string.
    public let brandLabels: [String]
    public let categoryCodeLabels: [String]
    /// Earliest and latest event time, epoch seconds (`(UInt32.max, 0)` when empty).
    public let timeRange: (UInt32, UInt32)

    /// The raw `user_id` of a user code.
    public func userId(_ code: UInt32) -> UInt64 { Self.read(chunks.userIds, Int(code)) }
    /// The raw `product_id` of a product code.
    public func productId(_ code: UInt32) -> UInt64 { Self.read(chunks.productIds, Int(code)) }
    /// The `category_id` and category-code string code of a category code.
    package func categoryKey(_ code: UInt32) -> CategoryKey { Self.read(chunks.categoryKeys, Int(code)) }

    /// Number of column chunks; the last may be partly filled.
    var chunkCount: Int { (count + AppendOnlyColumn<UInt32>.chunkMask) >> AppendOnlyColumn<UInt32>.chunkShift }

    /// The rows of one chunk, as raw column pointers.
    @inline(__always)
    func chunk(_ c: Int) -> EventChunk {
        let size = AppendOnlyColumn<UInt32>.chunkSize
        let start = c * size
        let rows = min(size, count - start)
        return EventChunk(
            start: start, count: rows, times: rows == size ? chunks.chunkTimes[c] : .unknown,
            time: TimeCodes(offsets: chunks.timeOffsets[c], base: chunks.timeBases[c], wide: chunks.timeWide + c),
            type: chunks.type[c], product: chunks.product[c],
            category: NarrowCodes(narrow: chunks.category[c], wide: chunks.categoryWide, chunk: c),
            brand: NarrowCodes(narrow: chunks.brand[c], wide: chunks.brandWide, chunk: c), price: chunks.price[c],
            user: chunks.user[c], session: chunks.session[c])
    }

    private static func read<T>(_ chunks: ColumnChunks.Table<T>, _ i: Int) -> T {
        chunks[i >> AppendOnlyColumn<UInt32>.chunkShift][i & AppendOnlyColumn<UInt32>.chunkMask]
    }
}

/// The columns of one chunk of rows.
struct EventChunk {
    var start: Int
    var count: Int
    /// The range of `time` in the chunk, or ``ChunkTimeRange/unknown``.
    var times: ChunkTimeRange
    var time: TimeCodes
    var type: UnsafeMutablePointer<UInt8>
    var product: UnsafeMutablePointer<UInt32>
    var category: NarrowCodes
    var brand: NarrowCodes
    var price: UnsafeMutablePointer<UInt32>
    var user: UnsafeMutablePointer<UInt32>
    var session: UnsafeMutablePointer<UInt32>
}

extension EventStore {
    /// A consistent view of everything appended so far.
    public func snapshot() -> EventSnapshot {
        published.withLock { p in
            EventSnapshot(
                store: self, chunks: chunks, count: p.rows, userCount: p.users, productCount: p.products,
                sessionCount: p.sessions, categoryCount: p.categories, brandLabels: p.brandLabels,
                categoryCodeLabels: p.categoryCodeLabels, timeRange: (p.minTime, p.maxTime))
        }
    }
}
