/// Pointer-stable, append-only storage in fixed-size chunks.
///
/// Chunks are never moved or freed while the column lives, so a reader may keep raw pointers to
/// the rows it was shown while the single writer appends behind them. Structural changes (adding
/// a chunk) and the published row count are coordinated by ``EventStore``'s lock; element writes
/// happen outside it, on slots no reader has been shown yet.
package final class AppendOnlyColumn<Element: BitwiseCopyable>: @unchecked Sendable {
    /// Rows per chunk: 2^16, so a row index splits into chunk and offset with a shift and a mask.
    package static var chunkShift: Int { 16 }
    package static var chunkSize: Int { 1 << chunkShift }
    package static var chunkMask: Int { chunkSize - 1 }

    package private(set) var chunks: [UnsafeMutablePointer<Element>] = []

    package init() {}

    deinit {
        for c in chunks { c.deallocate() }
    }

    /// Rows the allocated chunks can hold.
    package var capacity: Int { chunks.count << Self.chunkShift }

    /// Allocates chunks until `rows` rows fit. Call under the store's lock: it changes `chunks`.
    package func ensureCapacity(_ rows: Int) {
        while capacity < rows {
            chunks.append(.allocate(capacity: Self.chunkSize))
        }
    }

    @inline(__always)
    package subscript(row: Int) -> Element {
        get { chunks[row >> Self.chunkShift][row & Self.chunkMask] }
        set { chunks[row >> Self.chunkShift][row & Self.chunkMask] = newValue }
    }
}
