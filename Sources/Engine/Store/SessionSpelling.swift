/// The `user_session` text of session codes, for writing rows out again (Parquet export): a
/// canonical UUID is spelled from its 128 bits; any other text was kept aside when it was read
/// (its key is a hash).
///
/// Taken from a store whose loading is not finished (``EventStore/finishLoading()`` frees the
/// session keys); valid for the session codes of any snapshot taken before it.
package struct SessionSpelling: @unchecked Sendable {
    private let keys: ColumnChunks.Table<Key128>
    private let odd: [Key128: [UInt8]]
    private static let hex = Array("0123456789abcdef".utf8)

    init(keys: ColumnChunks.Table<Key128>, odd: [Key128: [UInt8]]) {
        self.keys = keys
        self.odd = odd
    }

    /// The session's text; empty for code 0 (no session).
    package func text(_ code: UInt32) -> [UInt8] {
        guard code != 0 else { return [] }
        let c = Int(code)
        return Self.text(
            of: keys[c >> AppendOnlyColumn<UInt32>.chunkShift][c & AppendOnlyColumn<UInt32>.chunkMask], odd: odd)
    }

    /// The text of a session key: kept aside for `odd` ones, else the canonical UUID of its bits.
    package static func text(of key: Key128, odd: [Key128: [UInt8]]) -> [UInt8] {
        if let spelled = odd[key] { return spelled }
        // 8-4-4-4-12 hex digits: high holds digits 1–16, low digits 17–32.
        var out = [UInt8](repeating: 0x2D, count: 36)
        var digit = 0
        for word in [key.high, key.low] {
            for shift in stride(from: 60, through: 0, by: -4) {
                if [8, 13, 18, 23].contains(digit) { digit += 1 }
                out[digit] = hex[Int((word >> UInt64(shift)) & 0xF)]
                digit += 1
            }
        }
        return out
    }
}

extension EventStore {
    /// The spelling of every session appended so far. Not after ``finishLoading()``.
    package func sessionSpelling() -> SessionSpelling {
        writer.withLock { d in SessionSpelling(keys: d.sessions.keys.table, odd: d.oddSessionSpellings) }
    }
}
