/// Pointer-stable, append-only storage in fixed-size chunks.
///
/// A fixed table of chunk pointers (2^16 chunks of 2^16 rows: the 32-bit row space) is allocated
/// up front; the operating system commits its pages only as chunks are added. Chunks never move
/// and the table never reallocates, so a reader holding the table can read any row it was shown
/// while the single writer appends behind it, and an access costs two loads — no array, no
/// reference counting. The writer fills slots past the published count; ``EventStore`` publishes
/// counts under its lock, which orders those writes before any reader's reads.
///
/// Chunks are carved from regions of at least 8 MiB mapped with huge pages (``HugePages``), so
/// random reads across a large column cost few TLB misses.
package final class AppendOnlyColumn<Element: BitwiseCopyable>: @unchecked Sendable {
    package static var chunkShift: Int { 16 }
    package static var chunkSize: Int { 1 << chunkShift }
    package static var chunkMask: Int { chunkSize - 1 }
    package static var maxChunks: Int { 1 << 16 }

    /// The chunk table; entries below `allocatedChunks` are valid.
    package let table: UnsafeMutablePointer<UnsafeMutablePointer<Element>>
    package private(set) var allocatedChunks = 0
    /// The mapped regions, each `chunksPerRegion` chunks.
    private var regions: [UnsafeMutablePointer<Element>] = []

    /// Chunks a region holds: 8 MiB worth, at least one.
    private static var chunksPerRegion: Int { max(1, (8 << 20) / (chunkSize * MemoryLayout<Element>.stride)) }

    package init() {
        table = .allocate(capacity: Self.maxChunks)
    }

    deinit {
        for r in regions { HugePages.deallocate(r, count: Self.chunksPerRegion * Self.chunkSize) }
        table.deallocate()
    }

    /// Rows the allocated chunks can hold.
    package var capacity: Int { allocatedChunks << Self.chunkShift }

    /// Allocates chunks until `rows` rows fit. Only the writer calls it.
    package func ensureCapacity(_ rows: Int) {
        precondition(rows <= Self.maxChunks << Self.chunkShift, "more than 2^32 rows")
        while capacity < rows {
            let inRegion = allocatedChunks % Self.chunksPerRegion
            if inRegion == 0 {
                regions.append(HugePages.allocate(Element.self, count: Self.chunksPerRegion * Self.chunkSize))
            }
            table[allocatedChunks] = regions[regions.count - 1] + inRegion * Self.chunkSize
            allocatedChunks += 1
        }
    }

    /// Frees every chunk: for a column no reader uses once writing is over. Only the writer calls
    /// it, and writes no more.
    package func releaseAll() {
        for r in regions { HugePages.deallocate(r, count: Self.chunksPerRegion * Self.chunkSize) }
        regions = []
        allocatedChunks = 0
    }

    /// The address of `row`'s slot; the rows after it up to the end of its chunk follow it.
    @inline(__always)
    package func pointer(at row: Int) -> UnsafeMutablePointer<Element> {
        table[row >> Self.chunkShift] + (row & Self.chunkMask)
    }

    @inline(__always)
    package subscript(row: Int) -> Element {
        get { table[row >> Self.chunkShift][row & Self.chunkMask] }
        set { table[row >> Self.chunkShift][row & Self.chunkMask] = newValue }
    }
}
