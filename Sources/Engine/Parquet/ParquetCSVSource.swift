import Foundation

/// A Parquet file read as the CSV text of its rows, so that everything after the bytes — the
/// record splitter, the parser's checks, rejects, progress — is the one path every input takes.
///
/// The nine columns are found by name in any order; other columns are skipped. A column the file
/// lacks may come from a Hive partition directory above it (`category_id=2053013552326770905/`,
/// as the tutorial's Glue job writes). Row groups are decoded one at a time.
final class ParquetCSVSource: ByteSource {
    private let parquet: ParquetFile
    private let path: String
    /// For each column of the header: its index among the file's columns, or the partition's text.
    private let sources: [Either]
    private var nextGroup = 0
    private var buffer: [UInt8]
    private var offset = 0
    private(set) var consumed: Int64 = 0

    private enum Either {
        case column(Int)
        case constant([UInt8])
    }

    init(parquet: ParquetFile, path: String, partition: [(key: String, value: String)]) throws {
        self.parquet = parquet
        self.path = path
        var sources: [Either] = []
        var missing: [String] = []
        for name in EventSchema.columns {
            if let i = parquet.columns.firstIndex(where: { $0.name == name }) {
                sources.append(.column(i))
            } else if let p = partition.last(where: { $0.key == name }) {
                var text: [UInt8] = []
                CSVField.append(Array(p.value.utf8), to: &text)
                sources.append(.constant(text))
            } else {
                missing.append(name)
            }
        }
        guard missing.isEmpty else {
            throw IngestError.missingColumns(path: path, missing: missing, found: parquet.columns.map(\.name))
        }
        self.sources = sources
        buffer = Array((EventSchema.headerLine + "\n").utf8)
    }

    func read(into target: UnsafeMutablePointer<UInt8>, count: Int) throws -> Int {
        while offset == buffer.count {
            guard nextGroup < parquet.rowGroups.count else { return 0 }
            try decode(parquet.rowGroups[nextGroup])
            nextGroup += 1
        }
        let n = min(count, buffer.count - offset)
        buffer.withUnsafeBufferPointer { b in target.update(from: b.baseAddress! + offset, count: n) }
        offset += n
        return n
    }

    private func decode(_ group: ParquetFile.RowGroup) throws {
        let rows = Int(group.rows)
        var columns: [ParquetTextColumn?] = []
        for s in sources {
            guard case .column(let i) = s else {
                columns.append(nil)
                continue
            }
            do {
                columns.append(
                    try ParquetChunkReader.read(parquet, column: parquet.columns[i], chunk: group.chunks[i], rows: rows)
                )
            } catch let f as ParquetChunkReader.Failure {
                throw IngestError.corrupt(path: path, offset: f.offset, reason: f.description)
            }
        }
        buffer.removeAll(keepingCapacity: true)
        offset = 0
        for r in 0..<rows {
            for (c, s) in sources.enumerated() {
                if c > 0 { buffer.append(0x2C) }
                switch s {
                case .column: columns[c]!.appendText(row: r, to: &buffer)
                case .constant(let text): buffer += text
                }
            }
            buffer.append(0x0A)
        }
        consumed += group.bytes
    }
}
