/// Each user's rows in the order they were added, with the columns a refold tests, kept up to date
/// as rows arrive.
///
/// The growing twin of ``UserGrouping``: per-user figures (distinct days, brands, carted pairs,
/// bursts) need a user's rows together, and re-grouping the whole store for every batch would
/// make each refresh cost as much as the first. Rows go into per-user chains of blocks in one
/// pool — a user's first block holds five rows, each next one twice as many up to 4,096 — so
/// adding a row is a few writes, the pool grows geometrically, and reading a user's rows back
/// follows a chain whose length grows with the logarithm of the history: a long history is read
/// in long runs, not one cache miss every few rows. Each row carries its time, brand and event type: a refold reads a long history to pick
/// the rows a change affects (``UserScope``), and reading those columns from the store by row
/// number was a cache miss each — half of the dashboard's time late in a month. About 14 bytes a
/// row plus 8 bytes a user, with at most one partly filled block per user.
struct UserRowLists {
    /// A row and the columns a refold tests.
    struct Entry {
        let row: UInt32
        let time: UInt32
        /// The brand code (or ``wideBrand``) above the event type's two bits.
        fileprivate let brandAndType: UInt32

        fileprivate static let wideBrand: UInt32 = 0x3FFF_FFFF

        var type: UInt8 { UInt8(truncatingIfNeeded: brandAndType & 3) }

        /// The brand code; one too wide for the entry's 30 bits is read from the store.
        @inline(__always)
        func brand(_ snapshot: EventSnapshot) -> UInt32 {
            let b = brandAndType >> 2
            return b != Self.wideBrand ? b : snapshot.brand(row)
        }
    }

    private static let wordsPerRow = 3
    /// A block's header: the next block's offset, the block's capacity in rows, its rows.
    private static let headerWords = 3
    private static let firstCapacity = 5
    private static let largestCapacity = 4096
    private static let none = UInt32.max

    /// Blocks, each a header and then its capacity of entries; a block starts at a word offset.
    private var pool: [UInt32] = []
    private var head: [UInt32] = []
    private var tail: [UInt32] = []

    /// Makes room for users `0 ..< users`.
    mutating func reserveUsers(_ users: Int) {
        head.grow(to: users, with: Self.none)
        tail.grow(to: users, with: Self.none)
    }

    /// Adds row `i` of `chunk` at the end of its user's list. Rows must be added in ascending
    /// order.
    @inline(__always)
    mutating func append(_ chunk: EventChunk, _ i: Int) {
        let user = Int(chunk.user[i])
        var block = Int(tail[user])
        if tail[user] == Self.none {
            block = newBlock(capacity: Self.firstCapacity)
            head[user] = UInt32(block)
            tail[user] = UInt32(block)
        } else if pool[block + 2] == pool[block + 1] {
            let next = newBlock(capacity: min(Int(pool[block + 1]) * 2, Self.largestCapacity))
            pool[block] = UInt32(next)
            tail[user] = UInt32(next)
            block = next
        }
        let used = Int(pool[block + 2])
        let at = block + Self.headerWords + used * Self.wordsPerRow
        pool[at] = UInt32(chunk.start + i)
        pool[at + 1] = chunk.time[i]
        pool[at + 2] = min(chunk.brand[i], Entry.wideBrand) << 2 | UInt32(chunk.type[i] & 3)
        pool[block + 2] = UInt32(used + 1)
    }

    /// A new empty block of `capacity` rows at the pool's end; returns its offset.
    private mutating func newBlock(capacity: Int) -> Int {
        let offset = pool.count
        precondition(offset + Self.headerWords + capacity * Self.wordsPerRow < Int(Self.none), "too many rows")
        pool.append(contentsOf: [Self.none, UInt32(capacity), 0])
        pool.append(contentsOf: repeatElement(0, count: capacity * Self.wordsPerRow))
        return offset
    }

    /// `user`'s first row, if they have one.
    func first(of user: Int) -> Entry? {
        guard head[user] != Self.none else { return nil }
        let at = Int(head[user]) + Self.headerWords
        return Entry(row: pool[at], time: pool[at + 1], brandAndType: pool[at + 2])
    }

    /// Calls `body` with each of `user`'s rows, in the order they were added.
    @inline(__always)
    func forEachEntry(of user: Int, _ body: (Entry) -> Void) {
        var block = head[user]
        pool.withUnsafeBufferPointer { pool in
            while block != Self.none {
                let base = Int(block)
                let first = base + Self.headerWords
                for k in 0..<Int(pool[base + 2]) {
                    let at = first + k * Self.wordsPerRow
                    body(Entry(row: pool[at], time: pool[at + 1], brandAndType: pool[at + 2]))
                }
                block = pool[base]
            }
        }
    }
}
