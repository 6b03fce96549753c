import Foundation

/// Writes one Parquet file (apache/parquet-format): row groups of column chunks, each a
/// dictionary page where the column is dictionary-encoded and data pages (v1) of up to
/// ``rowsPerPage`` rows, compressed page by page; then the footer.
///
/// The file is written beside its final name and renamed into place by ``close()``, so a reader
/// never sees half a file.
final class ParquetFileWriter {
    let path: String
    private let columns: [ParquetColumn]
    private let compression: ParquetCompression
    private let handle: FileHandle
    private var offset: Int64 = 0
    private var rowGroups: [RowGroupInfo] = []
    private var rows: Int64 = 0
    static let rowsPerPage = 64 * 1024

    private struct ChunkInfo {
        var encodings: [Int32]
        var values: Int64
        var uncompressed: Int64
        var compressed: Int64
        var dictionaryOffset: Int64?
        var dataOffset: Int64
    }

    private struct RowGroupInfo {
        var chunks: [ChunkInfo]
        var rows: Int64
    }

    init(path: String, columns: [ParquetColumn], compression: ParquetCompression) throws {
        self.path = path
        self.columns = columns
        self.compression = compression
        guard FileManager.default.createFile(atPath: path + ".partial", contents: nil),
            let h = FileHandle(forWritingAtPath: path + ".partial")
        else { throw ParquetError.cannotWrite(path: path, reason: String(cString: strerror(errno))) }
        handle = h
        try write(Array("PAR1".utf8))
    }

    /// Writes one row group: `values` holds each column's values, in the order of `columns`.
    func writeRowGroup(_ values: [ParquetColumn.Values], rows count: Int) throws {
        precondition(values.count == columns.count)
        var chunks: [ChunkInfo] = []
        for (column, v) in zip(columns, values) { chunks.append(try writeChunk(column, v, rows: count)) }
        rowGroups.append(RowGroupInfo(chunks: chunks, rows: Int64(count)))
        rows += Int64(count)
    }

    /// Writes the footer and moves the file to its name.
    func close() throws {
        var t = ThriftCompactWriter()
        t.beginStruct()
        t.i32(1, 1)  // version
        t.list(2, .structure, count: columns.count + 1) { l in
            l.listStruct { root in
                root.string(4, "schema")
                root.i32(5, Int32(columns.count))
            }
            for c in columns { l.listStruct { c.writeSchema(&$0) } }
        }
        t.i64(3, rows)
        t.list(4, .structure, count: rowGroups.count) { l in
            for g in rowGroups {
                l.listStruct { rg in
                    rg.list(1, .structure, count: g.chunks.count) { cl in
                        for (column, chunk) in zip(columns, g.chunks) {
                            cl.listStruct { cc in writeChunkMetadata(&cc, column, chunk) }
                        }
                    }
                    rg.i64(2, g.chunks.reduce(0) { $0 + $1.uncompressed })
                    rg.i64(3, g.rows)
                    rg.i64(6, g.chunks.reduce(0) { $0 + $1.compressed })
                }
            }
        }
        t.string(6, "ecomdash")
        t.endStruct()
        let footer = t.bytes
        var length = UInt32(footer.count).littleEndian
        try write(footer)
        try write(withUnsafeBytes(of: &length) { Array($0) })
        try write(Array("PAR1".utf8))
        do {
            try handle.synchronize()
            try handle.close()
        } catch {
            throw ParquetError.cannotWrite(path: path, reason: "\(error)")
        }
        guard rename(path + ".partial", path) == 0 else {
            throw ParquetError.cannotWrite(path: path, reason: String(cString: strerror(errno)))
        }
    }

    private func writeChunkMetadata(_ cc: inout ThriftCompactWriter, _ column: ParquetColumn, _ chunk: ChunkInfo) {
        cc.i64(2, chunk.dictionaryOffset ?? chunk.dataOffset)  // file_offset: where the chunk starts
        cc.structure(3) { m in
            m.i32(1, column.physicalType)
            m.list(2, .i32, count: chunk.encodings.count) { l in for e in chunk.encodings { l.listI32(e) } }
            m.list(3, .binary, count: 1) { l in l.listString(column.name) }
            m.i32(4, compression.codec)
            m.i64(5, chunk.values)
            m.i64(6, chunk.uncompressed)
            m.i64(7, chunk.compressed)
            m.i64(9, chunk.dataOffset)
            if let d = chunk.dictionaryOffset { m.i64(11, d) }
        }
    }

    private func writeChunk(_ column: ParquetColumn, _ values: ParquetColumn.Values, rows: Int) throws -> ChunkInfo {
        var info = ChunkInfo(
            encodings: [], values: Int64(rows), uncompressed: 0, compressed: 0, dictionaryOffset: nil, dataOffset: 0)
        switch values {
        case .int64(let v):
            precondition(v.count == rows && !column.optional)
            info.encodings = [0]  // PLAIN
            info.dataOffset = offset
            var start = 0
            while start < rows {
                let end = min(rows, start + Self.rowsPerPage)
                var body: [UInt8] = []
                body.reserveCapacity((end - start) * 8)
                for x in v[start..<end] { withUnsafeBytes(of: x.littleEndian) { body += $0 } }
                try writePage(body, dataRows: end - start, encoding: 0, info: &info)
                start = end
            }
        case .dictionary(let indices, let dictionary):
            precondition(indices.count == rows)
            info.encodings = [0, 3, 8]  // PLAIN (the dictionary), RLE (levels), RLE_DICTIONARY
            info.dictionaryOffset = offset
            var plain: [UInt8] = []
            for s in dictionary {
                withUnsafeBytes(of: UInt32(s.count).littleEndian) { plain += $0 }
                plain += s
            }
            try writePage(plain, dictionaryValues: dictionary.count, info: &info)
            info.dataOffset = offset
            let width = RLEHybridEncoder.bitWidth(UInt32(max(0, dictionary.count - 1)))
            var start = 0
            var present: [UInt32] = []
            var levels: [UInt32] = []
            while start < rows {
                let end = min(rows, start + Self.rowsPerPage)
                var body: [UInt8] = []
                present.removeAll(keepingCapacity: true)
                levels.removeAll(keepingCapacity: true)
                for i in indices[start..<end] {
                    if let i { present.append(i) }
                    levels.append(i == nil ? 0 : 1)
                }
                if column.optional {
                    var encoded: [UInt8] = []
                    levels.withUnsafeBufferPointer { RLEHybridEncoder.encode($0, bitWidth: 1, into: &encoded) }
                    withUnsafeBytes(of: UInt32(encoded.count).littleEndian) { body += $0 }
                    body += encoded
                } else {
                    precondition(present.count == end - start, "a null in a required column")
                }
                body.append(UInt8(width))
                present.withUnsafeBufferPointer { RLEHybridEncoder.encode($0, bitWidth: width, into: &body) }
                try writePage(body, dataRows: end - start, encoding: 8, info: &info)
                start = end
            }
        }
        return info
    }

    /// A data page (`dataRows`) or the dictionary page (`dictionaryValues`): header, then the
    /// compressed body.
    private func writePage(
        _ body: [UInt8], dataRows: Int? = nil, dictionaryValues: Int? = nil, encoding: Int32 = 0,
        info: inout ChunkInfo
    ) throws {
        let compressed = compression.compress(body)
        var h = ThriftCompactWriter()
        h.beginStruct()
        h.i32(1, dataRows != nil ? 0 : 2)  // DATA_PAGE or DICTIONARY_PAGE
        h.i32(2, Int32(body.count))
        h.i32(3, Int32(compressed.count))
        if let n = dataRows {
            h.structure(5) { d in
                d.i32(1, Int32(n))
                d.i32(2, encoding)
                d.i32(3, 3)  // definition levels: RLE
                d.i32(4, 3)  // repetition levels: RLE (none here)
            }
        }
        if let n = dictionaryValues {
            h.structure(7) { d in
                d.i32(1, Int32(n))
                d.i32(2, 0)  // PLAIN
            }
        }
        h.endStruct()
        try write(h.bytes)
        try write(compressed)
        info.uncompressed += Int64(h.bytes.count + body.count)
        info.compressed += Int64(h.bytes.count + compressed.count)
    }

    private func write(_ bytes: [UInt8]) throws {
        do {
            try handle.write(contentsOf: bytes)
        } catch {
            throw ParquetError.cannotWrite(path: path, reason: "\(error)")
        }
        offset += Int64(bytes.count)
    }
}

/// Why a Parquet file could not be written or read.
public enum ParquetError: Error, CustomStringConvertible {
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case .cannotWrite(let path, let reason): "cannot write \(path): \(reason)"
        }
    }
}
