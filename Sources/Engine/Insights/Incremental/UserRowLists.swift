/// Each user's rows in the order they were added, kept up to date as rows arrive.
///
/// The growing twin of ``UserGrouping``: per-user figures (distinct days, brands, carted pairs,
/// bursts) need a user's rows together, and re-grouping the whole store for every batch would
/// make each refresh cost as much as the first. Rows go into per-user chains of fixed blocks in
/// one pool — a block holds 15 row indices and the index of the next block — so adding a row is
/// two writes, the pool grows geometrically, and reading a user's rows back follows the chain.
/// About 4.3 bytes a row plus 12 bytes a user, with at most one partly filled block per user.
struct UserRowLists {
    private static let blockSize = 16
    private static let rowsPerBlock = blockSize - 1
    private static let none = UInt32.max

    /// Blocks of `blockSize` words: `rowsPerBlock` row indices, then the next block's index.
    private var pool: [UInt32] = []
    private var head: [UInt32] = []
    private var tail: [UInt32] = []
    /// Rows per user.
    private var counts: [UInt32] = []

    /// Makes room for users `0 ..< users`.
    mutating func reserveUsers(_ users: Int) {
        head.grow(to: users, with: Self.none)
        tail.grow(to: users, with: Self.none)
        counts.grow(to: users, with: 0)
    }

    /// Adds `row` at the end of `user`'s list. Rows must be added in ascending order.
    @inline(__always)
    mutating func append(row: UInt32, user: Int) {
        let n = Int(counts[user])
        let slot = n % Self.rowsPerBlock
        if slot == 0 {
            let block = UInt32(pool.count / Self.blockSize)
            pool.append(contentsOf: repeatElement(Self.none, count: Self.blockSize))
            if n == 0 {
                head[user] = block
            } else {
                pool[Int(tail[user]) * Self.blockSize + Self.rowsPerBlock] = block
            }
            tail[user] = block
        }
        pool[Int(tail[user]) * Self.blockSize + slot] = row
        counts[user] = UInt32(n + 1)
    }

    /// Calls `body` with each of `user`'s rows, in the order they were added.
    @inline(__always)
    func forEachRow(of user: Int, _ body: (UInt32) -> Void) {
        var left = Int(counts[user])
        var block = head[user]
        pool.withUnsafeBufferPointer { pool in
            while left > 0 {
                let base = Int(block) * Self.blockSize
                let n = min(left, Self.rowsPerBlock)
                for k in 0..<n { body(pool[base + k]) }
                left -= n
                block = pool[base + Self.rowsPerBlock]
            }
        }
    }
}
