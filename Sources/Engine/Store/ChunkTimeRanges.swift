/// The earliest and latest event time of each full chunk of rows: a zone map.
///
/// Rows arrive roughly in time order, so a chunk's times span a short stretch; a scan whose
/// window misses that stretch skips the chunk's 65,536 rows with one comparison. This is what
/// keeps a window that slides with the data ("the last hour", "the last two minutes") as cheap
/// as the rows it covers. The writer records a chunk's range before it publishes the rows that
/// fill it and never changes it after, so readers need no lock; a partly filled chunk has no
/// range and is always scanned.
final class ChunkTimeRanges: @unchecked Sendable {
    let ranges: UnsafeMutablePointer<ChunkTimeRange>

    init() {
        ranges = .allocate(capacity: AppendOnlyColumn<UInt32>.maxChunks)
    }

    deinit { ranges.deallocate() }

    /// Widens the ranges of the chunks rows `base ..< base + count` fall in by their `times`.
    /// Only the writer calls it, before publishing the rows.
    func record(_ times: UnsafePointer<UInt32>, count: Int, at base: Int) {
        let shift = AppendOnlyColumn<UInt32>.chunkShift
        var i = 0
        while i < count {
            let row = base + i
            let c = row >> shift
            let end = min(count, ((c + 1) << shift) - base)
            var low = UInt32.max
            var high = UInt32.min
            for j in i..<end {
                low = min(low, times[j])
                high = max(high, times[j])
            }
            if row & AppendOnlyColumn<UInt32>.chunkMask == 0 {
                ranges[c] = ChunkTimeRange(low: low, high: high)
            } else {
                ranges[c].low = min(ranges[c].low, low)
                ranges[c].high = max(ranges[c].high, high)
            }
            i = end
        }
    }
}

/// The earliest and latest event time in a chunk, epoch seconds.
struct ChunkTimeRange {
    var low: UInt32
    var high: UInt32

    /// Any time: for a chunk still filling.
    static let unknown = ChunkTimeRange(low: 0, high: .max)
}
