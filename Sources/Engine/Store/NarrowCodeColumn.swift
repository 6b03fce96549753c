/// A column of dictionary codes kept in 16 bits a row, for dictionaries that are small in
/// practice (brands: ~3,500 in a month of the real data; categories: ~600).
///
/// Codes up to 65,534 are stored as they are; a larger code is stored as the escape 0xFFFF with
/// its full value in a 32-bit side column, allocated only once such a code appears. Readers pay
/// one well-predicted branch; no data set is refused or truncated.
package final class NarrowCodeColumn: @unchecked Sendable {
    static let escape: UInt16 = 0xFFFF
    let narrow = AppendOnlyColumn<UInt16>()
    let wide = AppendOnlyColumn<UInt32>()
    private var wideInUse = false

    /// Makes room for `rows` rows. Only the writer calls it.
    func ensureCapacity(_ rows: Int) {
        narrow.ensureCapacity(rows)
        if wideInUse { wide.ensureCapacity(rows) }
    }

    /// Stores `code` at `row`. Only the writer calls it, on rows no reader has been shown.
    @inline(__always)
    func set(_ row: Int, _ code: UInt32) {
        if code < UInt32(Self.escape) {
            narrow[row] = UInt16(truncatingIfNeeded: code)
        } else {
            if !wideInUse {
                wideInUse = true
                wide.ensureCapacity(narrow.capacity)
            }
            wide[row] = code
            narrow[row] = Self.escape
        }
    }

    /// Stores `count` codes at `row` and the rows after it, all in `row`'s chunk: as ``set(_:_:)``,
    /// with the chunk's address taken once.
    func set(_ row: Int, _ codes: UnsafePointer<UInt32>, count: Int) {
        let out = narrow.pointer(at: row)
        for j in 0..<count {
            let code = codes[j]
            if code < UInt32(Self.escape) {
                out[j] = UInt16(truncatingIfNeeded: code)
            } else {
                set(row + j, code)
            }
        }
    }
}

/// One chunk of a ``NarrowCodeColumn``, for readers.
struct NarrowCodes {
    let narrow: UnsafeMutablePointer<UInt16>
    /// The side column's chunk table; entry `chunk` is read only behind an escape, which the
    /// writer publishes after allocating it.
    let wide: ColumnChunks.Table<UInt32>
    let chunk: Int

    @inline(__always)
    subscript(i: Int) -> UInt32 {
        let c = narrow[i]
        return c != NarrowCodeColumn.escape ? UInt32(c) : wide[chunk][i]
    }
}
