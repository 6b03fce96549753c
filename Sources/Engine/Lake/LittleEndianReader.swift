/// Reads little-endian integers and byte runs from the front of a buffer, as the lake's files are
/// written; a read past the end throws what `short` makes of it (each file says it its own way).
struct LittleEndianReader {
    let bytes: [UInt8]
    var offset = 0
    let short: () -> Error

    init(_ bytes: [UInt8], short: @escaping () -> Error) {
        self.bytes = bytes
        self.short = short
    }

    mutating func take(_ n: Int) throws -> ArraySlice<UInt8> {
        guard n >= 0, offset + n <= bytes.count else { throw short() }
        defer { offset += n }
        return bytes[offset..<(offset + n)]
    }

    mutating func u64() throws -> UInt64 {
        try take(8).enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * $1.offset) }
    }

    mutating func u32() throws -> UInt32 {
        UInt32(
            truncatingIfNeeded: try take(4).enumerated().reduce(UInt64(0)) {
                $0 | UInt64($1.element) << (8 * $1.offset)
            })
    }
}
