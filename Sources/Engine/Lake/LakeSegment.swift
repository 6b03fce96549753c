import CIsal
import CZstd

#if canImport(Glibc)
    import Glibc
#endif

/// One immutable file of a lake: a run of rows of one day, column by column in the store's own
/// codes, each column compressed with Zstandard and guarded by its CRC-32.
///
/// Layout (little-endian): the magic `ECDLAKE1`, the row count (UInt64), then eight columns in the
/// order time, type, product, category, brand, price, user, session — each a byte width (1 or 4),
/// its compressed length (UInt64), the CRC-32 of its uncompressed bytes (UInt32) and the
/// compressed bytes. Reading checks every length and CRC, so a damaged file is named, never read
/// as rows.
enum LakeSegment {
    static let magic: [UInt8] = Array("ECDLAKE1".utf8)

    struct Damaged: Error, CustomStringConvertible {
        var path: String
        var reason: String
        var description: String { "\(path): damaged lake segment: \(reason)" }
    }

    /// The file's bytes for `rows`: each column compressed straight from its array into the
    /// file's buffer, sized once, with one compression context for the eight.
    static func encode(_ rows: EncodedRows) -> [UInt8] {
        let context = ZSTD_createCCtx()
        defer { ZSTD_freeCCtx(context) }
        let raw = rows.count * (4 * 7 + 1)
        var out: [UInt8] = []
        out.reserveCapacity(magic.count + 8 + 8 * (13 + 1024) + ZSTD_compressBound(raw))
        out += magic
        append(UInt64(rows.count), to: &out)
        column(rows.time, into: &out, context: context)
        column(rows.type, into: &out, context: context)
        column(rows.product, into: &out, context: context)
        column(rows.category, into: &out, context: context)
        column(rows.brand, into: &out, context: context)
        column(rows.price, into: &out, context: context)
        column(rows.user, into: &out, context: context)
        column(rows.session, into: &out, context: context)
        return out
    }

    /// The rows of a segment file's bytes, decoded into `rows` (whose arrays keep their capacity
    /// from one segment to the next: a lake is read with a few buffers, not one set a segment).
    static func decode(_ bytes: [UInt8], path: String, into rows: inout EncodedRows) throws {
        var reader = Reader(bytes: bytes, path: path)
        guard bytes.count >= 16, Array(bytes[0..<8]) == magic else {
            throw Damaged(path: path, reason: "not a lake segment (no ECDLAKE1 magic)")
        }
        reader.offset = 8
        let n = Int(try reader.u64())
        guard n <= 1 << 32 else { throw Damaged(path: path, reason: "row count \(n) out of range") }
        try reader.column(&rows.time, count: n)
        try reader.column(&rows.type, count: n)
        try reader.column(&rows.product, count: n)
        try reader.column(&rows.category, count: n)
        try reader.column(&rows.brand, count: n)
        try reader.column(&rows.price, count: n)
        try reader.column(&rows.user, count: n)
        try reader.column(&rows.session, count: n)
        guard reader.offset == bytes.count else {
            throw Damaged(path: path, reason: "\(bytes.count - reader.offset) bytes after the last column")
        }
    }

    private static func column<T: FixedWidthInteger>(
        _ values: [T], into out: inout [UInt8], context: OpaquePointer?
    ) {
        values.withUnsafeBytes { raw in
            out.append(UInt8(MemoryLayout<T>.size))
            let bound = ZSTD_compressBound(raw.count)
            let header = out.count
            out.append(contentsOf: repeatElement(0, count: 12 + bound))  // length, CRC, then the bytes
            let n = out.withUnsafeMutableBytes { o in
                ZSTD_compressCCtx(context, o.baseAddress! + header + 12, bound, raw.baseAddress, raw.count, 1)
            }
            precondition(ZSTD_isError(n) == 0, "ZSTD_compress failed with a buffer of its own bound")
            let crc = UInt32(
                crc32_gzip_refl(0, raw.baseAddress?.assumingMemoryBound(to: UInt8.self), UInt64(raw.count)))
            out.removeLast(bound - n)
            out.withUnsafeMutableBytes { o in
                o.storeBytes(of: UInt64(n).littleEndian, toByteOffset: header, as: UInt64.self)
                o.storeBytes(of: crc.littleEndian, toByteOffset: header + 8, as: UInt32.self)
            }
        }
    }

    private static func append<T: FixedWidthInteger>(_ v: T, to out: inout [UInt8]) {
        withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) }
    }

    /// The shared reader, with what a segment needs besides: its columns.
    private struct Reader {
        var le: LittleEndianReader
        let path: String

        init(bytes: [UInt8], path: String) {
            le = LittleEndianReader(bytes) {
                Damaged(path: path, reason: "ends at byte \(bytes.count), inside a column")
            }
            self.path = path
        }

        var offset: Int {
            get { le.offset }
            set { le.offset = newValue }
        }

        mutating func take(_ n: Int) throws -> ArraySlice<UInt8> { try le.take(n) }
        mutating func u64() throws -> UInt64 { try le.u64() }
        mutating func u32() throws -> UInt32 { try le.u32() }

        mutating func column<T: FixedWidthInteger>(_ values: inout [T], count: Int) throws {
            let width = Int(try take(1).first!)
            guard width == MemoryLayout<T>.size else {
                throw Damaged(path: path, reason: "a column \(width) bytes wide where \(MemoryLayout<T>.size) belong")
            }
            let length = Int(clamping: try u64())
            let crc = try u32()
            let packed = try take(length)
            if values.count != count {
                values.removeAll(keepingCapacity: true)
                values.append(contentsOf: repeatElement(0, count: count))
            }
            let size = count * width
            let n = values.withUnsafeMutableBytes { v in
                packed.withUnsafeBytes { p in ZSTD_decompress(v.baseAddress, size, p.baseAddress, p.count) }
            }
            guard ZSTD_isError(n) == 0, n == size else {
                throw Damaged(path: path, reason: "a column does not inflate to \(count) values")
            }
            let actual = values.withUnsafeBytes {
                crc32_gzip_refl(0, $0.baseAddress?.assumingMemoryBound(to: UInt8.self), UInt64(size))
            }
            guard actual == crc else { throw Damaged(path: path, reason: "a column's CRC-32 does not match") }
        }
    }
}
