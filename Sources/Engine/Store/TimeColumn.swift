/// Event times in 16 bits a row: within each chunk of 65,536 rows, a time is stored as its offset
/// from the chunk's base time.
///
/// Rows arrive roughly in time order: a chunk of a real month's file spans about an hour, so its
/// offsets fit easily in 16 bits and the column costs 2 bytes a row instead of 4 — 85 MB less for a
/// real month. A chunk's base is its first row's time less 32,768 s, so times up to about nine
/// hours either side of the first row are stored as offsets. A time out of that reach (shuffled
/// input, a stray timestamp, a slow stream whose chunk spans days) is stored whole in a side chunk
/// of 32-bit times, allocated for that chunk only when it first needs one, with the escape `0xFFFF`
/// as its offset. No time is refused or rounded.
///
/// Only the store's writer calls the mutating methods, on rows no reader has been shown, in row
/// order; readers take ``TimeCodes`` for a chunk.
package final class TimeColumn: @unchecked Sendable {
    static let escape: UInt16 = 0xFFFF
    /// How far before its first row's time a chunk's base lies.
    static let reach: UInt32 = 32_768

    let offsets = AppendOnlyColumn<UInt16>()
    /// Each chunk's base time, set when its first row is written.
    let bases: UnsafeMutablePointer<UInt32>
    /// Each chunk's side chunk of whole times, or nil while it has none.
    let wide: UnsafeMutablePointer<UnsafeMutablePointer<UInt32>?>

    init() {
        let chunks = AppendOnlyColumn<UInt16>.maxChunks
        bases = .allocate(capacity: chunks)
        wide = .allocate(capacity: chunks)
        wide.initialize(repeating: nil, count: chunks)
    }

    deinit {
        for c in 0..<offsets.allocatedChunks { wide[c]?.deallocate() }
        bases.deallocate()
        wide.deallocate()
    }

    func ensureCapacity(_ rows: Int) { offsets.ensureCapacity(rows) }

    /// Stores time `t` at `row`. Rows must be written in order: a chunk's first row sets its base.
    @inline(__always)
    func set(_ row: Int, _ t: UInt32) {
        let c = row >> AppendOnlyColumn<UInt16>.chunkShift
        let i = row & AppendOnlyColumn<UInt16>.chunkMask
        if i == 0 { bases[c] = t > Self.reach ? t - Self.reach : 0 }
        let base = bases[c]
        if t >= base, t - base < UInt32(Self.escape) {
            offsets[row] = UInt16(truncatingIfNeeded: t - base)
        } else {
            if wide[c] == nil { wide[c] = .allocate(capacity: AppendOnlyColumn<UInt16>.chunkSize) }
            wide[c]![i] = t
            offsets[row] = Self.escape
        }
    }

    /// Stores `count` times at `row` and the rows after it, all in `row`'s chunk: as ``set(_:_:)``,
    /// with the chunk's address and base taken once.
    func set(_ row: Int, _ times: UnsafePointer<UInt32>, count: Int) {
        guard count > 0 else { return }
        set(row, times[0])  // sets the chunk's base when `row` is its first
        let base = bases[row >> AppendOnlyColumn<UInt16>.chunkShift]
        let out = offsets.pointer(at: row)
        for j in 1..<count {
            let d = times[j] &- base
            if times[j] >= base, d < UInt32(Self.escape) {
                out[j] = UInt16(truncatingIfNeeded: d)
            } else {
                set(row + j, times[j])
            }
        }
    }

    /// The whole time at `row`, for readers holding the tables (see ``TimeCodes``).
    @inline(__always)
    static func read(
        _ offsets: ColumnChunks.Table<UInt16>, _ bases: UnsafeMutablePointer<UInt32>,
        _ wide: UnsafeMutablePointer<UnsafeMutablePointer<UInt32>?>, row: Int
    ) -> UInt32 {
        let c = row >> AppendOnlyColumn<UInt16>.chunkShift
        let i = row & AppendOnlyColumn<UInt16>.chunkMask
        let d = offsets[c][i]
        return d != escape ? bases[c] &+ UInt32(d) : wide[c]![i]
    }
}

/// One chunk of a ``TimeColumn``, for readers: `codes[i]` is row `i`'s time.
struct TimeCodes {
    let offsets: UnsafeMutablePointer<UInt16>
    let base: UInt32
    /// The side chunk's table entry; read only behind an escape, which the writer publishes after
    /// allocating it.
    let wide: UnsafeMutablePointer<UnsafeMutablePointer<UInt32>?>

    @inline(__always)
    subscript(i: Int) -> UInt32 {
        let d = offsets[i]
        return d != TimeColumn.escape ? base &+ UInt32(d) : wide.pointee![i]
    }
}
