/// Pointer-stable, append-only storage in fixed-size chunks.
///
/// A fixed table of chunk pointers (2^16 chunks of 2^16 rows: the 32-bit row space) is allocated
/// up front; the operating system commits its pages only as chunks are added. Chunks never move
/// and the table never reallocates, so a reader holding the table can read any row it was shown
/// while the single writer appends behind it, and an access costs two loads — no array, no
/// reference counting. The writer fills slots past the published count; ``EventStore`` publishes
/// counts under its lock, which orders those writes before any reader's reads.
package final class AppendOnlyColumn<Element: BitwiseCopyable>: @unchecked Sendable {
    package static var chunkShift: Int { 16 }
    package static var chunkSize: Int { 1 << chunkShift }
    package static var chunkMask: Int { chunkSize - 1 }
    package static var maxChunks: Int { 1 << 16 }

    /// The chunk table; entries below `allocatedChunks` are valid.
    package let table: UnsafeMutablePointer<UnsafeMutablePointer<Element>>
    package private(set) var allocatedChunks = 0

    package init() {
        table = .allocate(capacity: Self.maxChunks)
    }

    deinit {
        for c in 0..<allocatedChunks { table[c].deallocate() }
        table.deallocate()
    }

    /// Rows the allocated chunks can hold.
    package var capacity: Int { allocatedChunks << Self.chunkShift }

    /// Allocates chunks until `rows` rows fit. Only the writer calls it.
    package func ensureCapacity(_ rows: Int) {
        precondition(rows <= Self.maxChunks << Self.chunkShift, "more than 2^32 rows")
        while capacity < rows {
            table[allocatedChunks] = .allocate(capacity: Self.chunkSize)
            allocatedChunks += 1
        }
    }

    @inline(__always)
    package subscript(row: Int) -> Element {
        get { table[row >> Self.chunkShift][row & Self.chunkMask] }
        set { table[row >> Self.chunkShift][row & Self.chunkMask] = newValue }
    }
}
