import CSupport
import Synchronization

/// The in-memory columnar store of shop events.
///
/// Eight append-only columns of fixed-width integers, 23 bytes a row: event time (16-bit offsets
/// from each chunk's base, see ``TimeColumn``), event type (a byte), price (UInt32 cents),
/// dictionary codes (UInt32) for product, user and session, and 16-bit codes for category and
/// brand (see ``NarrowCodeColumn``). The dictionaries are exact — a code stands for one value —
/// so distinct counts over codes are exact; see ``CodeTable`` and
/// ``FieldParsers/hashedSession(_:_:)`` for the one hash involved.
///
/// One writer appends at a time (``append(_:)`` serialises writers); any number of readers take
/// a ``EventSnapshot`` at any moment and compute on it with no lock held, while appends go on.
public final class EventStore: @unchecked Sendable {
    let time = TimeColumn()
    let type = AppendOnlyColumn<UInt8>()
    let product = AppendOnlyColumn<UInt32>()
    let category = NarrowCodeColumn()
    let brand = NarrowCodeColumn()
    let price = AppendOnlyColumn<UInt32>()
    let user = AppendOnlyColumn<UInt32>()
    let session = AppendOnlyColumn<UInt32>()
    let chunkTimes = ChunkTimeRanges()

    /// Writer-side state: only the thread holding `writer` touches it.
    final class Dictionaries: @unchecked Sendable {
        let users = CodeTable<UInt64>(initialCapacity: 1 << 16)
        let products = CodeTable<UInt64>(initialCapacity: 1 << 14)
        let sessions = CodeTable<Key128>(initialCapacity: 1 << 16)
        let recentUsers = RecentCodes<UInt64>(empty: 0)
        let recentSessions = RecentCodes<Key128>(empty: Key128(high: 0, low: 0))
        let categories = CodeTable<CategoryKey>()
        let brands = StringTable()
        let categoryCodes = StringTable()
        let productAttributes = ProductAttributes()
        /// The text of sessions that are not canonical UUIDs (their keys are hashes).
        var oddSessionSpellings: [Key128: [UInt8]] = [:]
        var rows = 0
        var minTime = UInt32.max
        var maxTime = UInt32.min

        init() {
            sessions.reserve(1)
            _ = sessions.code(for: Key128(high: 0, low: 0))  // code 0: the empty session
        }

        deinit {
            recentUsers.deallocate()
            recentSessions.deallocate()
        }
    }

    /// What readers may see, published under `published`'s lock.
    struct Published: Sendable {
        var rows = 0
        var users = 0
        var products = 0
        var sessions = 1
        var categories = 0
        var minTime = UInt32.max
        var maxTime = UInt32.min
        var brandLabels: [String] = [""]
        var categoryCodeLabels: [String] = [""]
    }

    let writer: Mutex<Dictionaries>
    let published = Mutex(Published())
    let chunks: ColumnChunks

    public init() {
        let d = Dictionaries()
        chunks = ColumnChunks(
            timeOffsets: time.offsets.table, timeBases: time.bases, timeWide: time.wide, type: type.table,
            product: product.table, category: category.narrow.table,
            categoryWide: category.wide.table, brand: brand.narrow.table, brandWide: brand.wide.table,
            price: price.table, user: user.table, session: session.table, chunkTimes: chunkTimes.ranges,
            userIds: d.users.keys.table, productIds: d.products.keys.table, categoryKeys: d.categories.keys.table)
        writer = Mutex(d)
    }

    /// Sizes the dictionaries for about `rows` more rows, sparing rehashes while they grow.
    ///
    /// Sessions and users are estimated from the real dataset's shape (4.6 events a session, 14 a
    /// user); a wrong guess costs a rehash, never correctness.
    public func expect(rows: Int) {
        writer.withLock { d in
            d.sessions.expect(d.sessions.count + rows * 10 / 46)
            d.users.expect(d.users.count + rows / 14)
        }
    }

    /// Frees what only appends need, once a batch load is complete and no row will follow: the
    /// dictionaries' lookup indexes and the session ids themselves (readers count sessions by code
    /// and never decode one). Saves about 20 bytes per distinct user and 36 per session — 0.3 GB
    /// for a real month — while the data is queried. Appending afterwards is a programming error.
    public func finishLoading() {
        writer.withLock { d in
            d.users.releaseIndex()
            d.products.releaseIndex()
            d.sessions.releaseKeys()
            d.categories.releaseIndex()
        }
        ProcessMemory.releaseFree()  // hand the freed indexes and ingest buffers back now
    }

    /// Rows readers can see now.
    public var count: Int { published.withLock { $0.rows } }
}
