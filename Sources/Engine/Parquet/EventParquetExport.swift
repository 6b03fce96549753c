import Foundation

/// Writes a store's rows as Parquet in the tutorial's lake layout: Hive partitions by the UTC year
/// and month of `event_time` (`p_year=2019/p_month=10/part-00000.parquet`), the nine columns of
/// the dataset in its order and nothing else (the partition values live in the directory names).
///
/// `event_time` is TIMESTAMP(UTC, µs); ids are INT64; `price` is DECIMAL(10,2); the strings are
/// dictionary-encoded per row group, and an empty `category_code`, `brand` or `user_session` is a
/// null, as DuckDB and pyarrow read the CSV. Rows keep the order they were read in.
public enum EventParquetExport {
    static let columns: [ParquetColumn] = [
        ParquetColumn(name: "event_time", kind: .timestampMicros, optional: false),
        ParquetColumn(name: "event_type", kind: .string, optional: false),
        ParquetColumn(name: "product_id", kind: .int64, optional: false),
        ParquetColumn(name: "category_id", kind: .int64, optional: false),
        ParquetColumn(name: "category_code", kind: .string, optional: true),
        ParquetColumn(name: "brand", kind: .string, optional: true),
        ParquetColumn(name: "price", kind: .decimal(precision: 10, scale: 2), optional: false),
        ParquetColumn(name: "user_id", kind: .int64, optional: false),
        ParquetColumn(name: "user_session", kind: .string, optional: true),
    ]

    public struct Written: Sendable {
        /// The files, relative to the directory, in the order they were finished.
        public var files: [String]
        public var rows: Int
        public var bytes: Int64
    }

    /// Writes every row of `store` (whose loading must not be finished: the session ids are
    /// needed) under `directory`, which must be empty or absent. `progress` is told the rows written.
    public static func write(
        _ store: EventStore, to directory: String, compression: ParquetCompression, rowGroupRows: Int = 1 << 20,
        progress: (Int) -> Void = { _ in }
    ) throws -> Written {
        let fm = FileManager.default
        if let existing = try? fm.contentsOfDirectory(atPath: directory), !existing.isEmpty {
            throw ParquetError.cannotWrite(
                path: directory, reason: "the directory is not empty (export writes into a new or empty one)")
        }
        let snapshot = store.snapshot()
        let spelling = store.sessionSpelling()
        let codeText = snapshot.categoryCodeLabels.map { Array($0.utf8) }
        let brandText = snapshot.brandLabels.map { Array($0.utf8) }
        let typeText = EventType.allCases.map { Array($0.name.utf8) }
        var partitions: [Int: PartitionWriter] = [:]  // year * 100 + month
        var finished: [String] = []
        var written = 0
        var monthOfDay: (day: Int64, key: Int) = (-1, 0)
        for c in 0..<snapshot.chunkCount {
            let chunk = snapshot.chunk(c)
            for i in 0..<chunk.count {
                let seconds = Int64(chunk.time[i])
                let day = seconds / 86_400
                if day != monthOfDay.day {
                    let civil = UTCCalendar.civil(days: day)
                    monthOfDay = (day, civil.year * 100 + civil.month)
                }
                let key = monthOfDay.key
                let p: PartitionWriter
                if let existing = partitions[key] {
                    p = existing
                } else {
                    let relative = String(format: "p_year=%04d/p_month=%02d", key / 100, key % 100)
                    try fm.createDirectory(atPath: directory + "/" + relative, withIntermediateDirectories: true)
                    p = PartitionWriter(
                        directory: directory + "/" + relative, relative: relative, compression: compression,
                        sessions: snapshot.sessionCount, categoryCodes: codeText.count, brands: brandText.count)
                    partitions[key] = p
                }
                let category = snapshot.categoryKey(chunk.category[i])
                let session = chunk.session[i]
                p.add(
                    time: seconds * 1_000_000, type: UInt32(chunk.type[i]),
                    product: Int64(bitPattern: snapshot.productId(chunk.product[i])),
                    categoryId: Int64(bitPattern: category.id), categoryCode: category.code,
                    brand: chunk.brand[i], priceCents: Int64(chunk.price[i]),
                    user: Int64(bitPattern: snapshot.userId(chunk.user[i])), session: session)
                if p.rows == rowGroupRows {
                    try p.flush(typeText: typeText, codeText: codeText, brandText: brandText, spelling: spelling)
                }
                written += 1
            }
            progress(written)
        }
        var bytes: Int64 = 0
        for key in partitions.keys.sorted() {
            let p = partitions[key]!
            try p.flush(typeText: typeText, codeText: codeText, brandText: brandText, spelling: spelling)
            finished += try p.close()
            for f in p.files {
                bytes += Int64((try? fm.attributesOfItem(atPath: f)[.size] as? Int) ?? 0)
            }
        }
        return Written(files: finished, rows: written, bytes: bytes)
    }
}

/// The rows of one partition: the row group being gathered and the file it goes to.
private final class PartitionWriter {
    let directory: String
    let relative: String
    let compression: ParquetCompression
    private var writer: ParquetFileWriter?
    private(set) var files: [String] = []
    private(set) var rows = 0
    private var time: [Int64] = []
    private var product: [Int64] = []
    private var categoryId: [Int64] = []
    private var price: [Int64] = []
    private var user: [Int64] = []
    private var type: LocalDictionary
    private var categoryCode: LocalDictionary
    private var brand: LocalDictionary
    private var session: LocalDictionary

    init(
        directory: String, relative: String, compression: ParquetCompression, sessions: Int, categoryCodes: Int,
        brands: Int
    ) {
        self.directory = directory
        self.relative = relative
        self.compression = compression
        type = LocalDictionary(codes: EventType.allCases.count, nullCode: nil)
        categoryCode = LocalDictionary(codes: categoryCodes, nullCode: 0)
        brand = LocalDictionary(codes: brands, nullCode: 0)
        session = LocalDictionary(codes: sessions, nullCode: 0)
    }

    func add(
        time t: Int64, type ty: UInt32, product p: Int64, categoryId c: Int64, categoryCode code: UInt32,
        brand b: UInt32,
        priceCents: Int64, user u: Int64, session s: UInt32
    ) {
        time.append(t)
        type.add(ty)
        product.append(p)
        categoryId.append(c)
        categoryCode.add(code)
        brand.add(b)
        price.append(priceCents)
        user.append(u)
        session.add(s)
        rows += 1
    }

    func flush(typeText: [[UInt8]], codeText: [[UInt8]], brandText: [[UInt8]], spelling: SessionSpelling) throws {
        guard rows > 0 else { return }
        if writer == nil {
            let path = directory + "/" + String(format: "part-%05d.parquet", files.count)
            writer = try ParquetFileWriter(path: path, columns: EventParquetExport.columns, compression: compression)
            files.append(path)
        }
        try writer!.writeRowGroup(
            [
                .int64(time), type.values { typeText[Int($0)] }, .int64(product), .int64(categoryId),
                categoryCode.values { codeText[Int($0)] }, brand.values { brandText[Int($0)] }, .int64(price),
                .int64(user), session.values { spelling.text($0) },
            ], rows: rows)
        rows = 0
        for column in [\PartitionWriter.time, \.product, \.categoryId, \.price, \.user] {
            self[keyPath: column].removeAll(keepingCapacity: true)
        }
    }

    /// Finishes the file; returns the paths written, relative to the export's directory.
    func close() throws -> [String] {
        try writer?.close()
        writer = nil
        return files.map { relative + "/" + ($0 as NSString).lastPathComponent }
    }
}

/// A row group's dictionary of one string column: the store's codes, renumbered densely in order
/// of first use within the row group, so each row group carries only the strings it uses.
private struct LocalDictionary {
    /// Store code → local index + 1 (0: not used yet in this row group).
    private var slot: [UInt32]
    private var used: [UInt32] = []
    private var indices: [UInt32?] = []
    /// The store code that stands for an empty string, written as a null.
    private let nullCode: UInt32?

    init(codes: Int, nullCode: UInt32?) {
        slot = [UInt32](repeating: 0, count: codes)
        self.nullCode = nullCode
    }

    mutating func add(_ code: UInt32) {
        if code == nullCode {
            indices.append(nil)
            return
        }
        let c = Int(code)
        if slot[c] == 0 {
            used.append(code)
            slot[c] = UInt32(used.count)
        }
        indices.append(slot[c] - 1)
    }

    /// The row group's values, then empty for the next one.
    mutating func values(_ text: (UInt32) -> [UInt8]) -> ParquetColumn.Values {
        let v = ParquetColumn.Values.dictionary(indices: indices, dictionary: used.map(text))
        for c in used { slot[Int(c)] = 0 }
        used.removeAll(keepingCapacity: true)
        indices.removeAll(keepingCapacity: true)
        return v
    }
}
