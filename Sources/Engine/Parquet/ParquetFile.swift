/// A Parquet file's footer, read and checked when the file is opened: its flat columns (name,
/// physical type, how to read the values as text) and where each row group's column chunks lie.
/// Anything the reader cannot follow — a bad magic number, a footer past the file's start, nested
/// columns — is an ``IngestError`` naming the file.
final class ParquetFile: @unchecked Sendable {
    let file: any RandomAccessInput
    let columns: [Column]
    let rowGroups: [RowGroup]
    let rows: Int64

    struct Column {
        var name: String
        var physical: Int  // Type: 0 BOOLEAN, 1 INT32, 2 INT64, 3 INT96, 4 FLOAT, 5 DOUBLE, 6 BYTE_ARRAY, 7 FLBA
        var typeLength: Int
        var optional: Bool
        var text: TextForm
    }

    /// How a column's values become the CSV text the parser reads.
    enum TextForm {
        case plain
        /// Seconds = value / divisor, written as the dataset writes times.
        case timestamp(divisor: Int64)
        case decimal(scale: Int)
    }

    struct Chunk {
        var start: Int64
        var length: Int64
        var codec: Int
        var values: Int64
    }

    struct RowGroup {
        var rows: Int64
        var chunks: [Chunk]
        /// Compressed bytes, for progress.
        var bytes: Int64
    }

    convenience init(path: String) throws {
        try self.init(file: try FileHandleReader(path: path))
    }

    init(file: any RandomAccessInput) throws {
        self.file = file
        let path = file.path
        func corrupt(_ offset: Int64, _ reason: String) -> IngestError {
            .corrupt(path: path, offset: offset, reason: reason)
        }
        guard file.size >= 12 else {
            throw corrupt(0, "too short for a Parquet file (\(file.size) bytes; a footer alone takes 12)")
        }
        guard try file.bytes(at: 0, count: 4) == Self.magic else {
            throw corrupt(0, "not a Parquet file (no PAR1 at its start)")
        }
        let tail = try file.bytes(at: file.size - 8, count: 8)
        guard tail.count == 8, Array(tail[4..<8]) == Self.magic else {
            throw corrupt(file.size - 4, "the Parquet file is cut short (no PAR1 at its end)")
        }
        let footerLength = Int64(tail[0]) | Int64(tail[1]) << 8 | Int64(tail[2]) << 16 | Int64(tail[3]) << 24
        guard footerLength > 0, footerLength <= file.size - 12 else {
            throw corrupt(file.size - 8, "the footer length (\(footerLength) bytes) does not fit in the file")
        }
        let footerStart = file.size - 8 - footerLength
        var reader = ThriftCompactReader(try file.bytes(at: footerStart, count: Int(footerLength))[...])
        let meta: [Int16: ThriftCompactReader.Value]
        do {
            meta = try reader.readStruct()
        } catch {
            throw corrupt(footerStart + Int64(reader.consumed), "the footer cannot be read: \(error)")
        }
        guard let schema = meta.list(2), case .structure(let root)? = schema.first else {
            throw corrupt(footerStart, "the footer has no schema")
        }
        guard Int(root.int(5) ?? 0) == schema.count - 1 else {
            throw corrupt(footerStart, "nested columns (lists, maps, structs) are not read: ecomdash reads flat tables")
        }
        var columns: [Column] = []
        for case .structure(let e) in schema.dropFirst() {
            guard let name = e.string(4), let physical = e.int(1), (0...7).contains(physical) else {
                throw corrupt(footerStart, "a schema element without a name or a known type")
            }
            guard e.int(3) != 2 else { throw corrupt(footerStart, "column \(name) is repeated: not a flat table") }
            guard physical != 7 || (1...(1 << 20)).contains(e.int(2) ?? 0) else {
                throw corrupt(footerStart, "column \(name) has fixed-length values of \(e.int(2) ?? 0) bytes")
            }
            columns.append(
                Column(
                    name: name, physical: Int(physical), typeLength: Int(e.int(2) ?? 0), optional: e.int(3) == 1,
                    text: Self.textForm(e, physical: physical)))
        }
        var groups: [RowGroup] = []
        for case .structure(let g) in meta.list(4) ?? [] {
            var chunks: [Chunk] = []
            for case .structure(let c) in g.list(1) ?? [] {
                guard let m = c.structure(3), let data = m.int(9), let length = m.int(7), let codec = m.int(4) else {
                    throw corrupt(footerStart, "a column chunk without its metadata")
                }
                let start = m.int(11).map { $0 > 0 ? min($0, data) : data } ?? data
                guard start >= 4, length >= 0, start + length <= footerStart else {
                    throw corrupt(start, "a column chunk lies outside the file's data (\(start)+\(length))")
                }
                chunks.append(Chunk(start: start, length: length, codec: Int(codec), values: m.int(5) ?? 0))
            }
            guard chunks.count == columns.count else {
                throw corrupt(footerStart, "a row group has \(chunks.count) column chunks for \(columns.count) columns")
            }
            let rows = g.int(3) ?? 0
            guard (0...Self.maximumRowGroupRows).contains(rows) else {
                throw corrupt(
                    footerStart,
                    "a row group of \(rows) rows (ecomdash reads row groups of up to \(Self.maximumRowGroupRows))")
            }
            groups.append(RowGroup(rows: rows, chunks: chunks, bytes: chunks.reduce(0) { $0 + $1.length }))
        }
        self.columns = columns
        rowGroups = groups
        rows = meta.int(3) ?? 0
    }

    static let magic: [UInt8] = Array("PAR1".utf8)
    /// Rows in one row group that ecomdash decodes at once (writers use 1 Mi or fewer).
    static let maximumRowGroupRows: Int64 = 1 << 25

    /// The text a column's values take, from its logical type (or the older converted type).
    private static func textForm(_ e: [Int16: ThriftCompactReader.Value], physical: Int64) -> TextForm {
        if physical == 3 { return .timestamp(divisor: 1_000_000_000) }  // INT96: nanoseconds
        if let logical = e.structure(10) {
            if let ts = logical.structure(8), let unit = ts.structure(2) {
                if unit.structure(1) != nil { return .timestamp(divisor: 1_000) }
                if unit.structure(2) != nil { return .timestamp(divisor: 1_000_000) }
                if unit.structure(3) != nil { return .timestamp(divisor: 1_000_000_000) }
            }
            if let d = logical.structure(5) { return .decimal(scale: Int(d.int(1) ?? 0)) }
        }
        switch e.int(6) {
        case 9: return .timestamp(divisor: 1_000)  // TIMESTAMP_MILLIS
        case 10: return .timestamp(divisor: 1_000_000)  // TIMESTAMP_MICROS
        case 5: return .decimal(scale: Int(e.int(7) ?? 0))  // DECIMAL
        default: return .plain
        }
    }
}
