/// An input that cannot be read at all. Each case prints one line that names the file.
public enum IngestError: Error, CustomStringConvertible, Equatable {
    case cannotOpen(path: String, reason: String)
    case notAFile(path: String)
    /// A pipe, a device or a socket: ecomdash reads files it can measure and read at any offset.
    case notARegularFile(path: String, kind: String)
    case emptyFile(path: String)
    case badHeader(path: String, found: String)
    case corrupt(path: String, offset: Int64, reason: String)
    case noCSVInArchive(path: String, entries: [String])
    case unsupportedArchive(path: String, reason: String)
    /// A Parquet file without some of the nine columns (and no partition directory supplying them).
    case missingColumns(path: String, missing: [String], found: [String])
    /// A directory with no Parquet file below it.
    case noParquetInDirectory(path: String)

    public var description: String {
        switch self {
        case .cannotOpen(let p, let r): "cannot open '\(p)': \(r)"
        case .notAFile(let p): "'\(p)' is a directory, not a file"
        case .notARegularFile(let p, let k):
            "'\(p)' is \(k), not a regular file: ecomdash reads files (save the data to one first; "
                + "a .gz or .zip is read as it is)"
        case .emptyFile(let p): "'\(p)' is empty: expected a CSV file with the header \(EventSchema.headerLine)"
        case .badHeader(let p, let f):
            "'\(p)' is not an events CSV: expected the header \(EventSchema.headerLine) but found \(f)"
        case .corrupt(let p, let o, let r): "'\(p)' is corrupt at byte \(o): \(r)"
        case .noCSVInArchive(let p, let e):
            "'\(p)' holds no .csv file" + (e.isEmpty ? "" : " (it holds: \(e.prefix(5).joined(separator: ", ")))")
        case .unsupportedArchive(let p, let r): "cannot read the zip archive '\(p)': \(r)"
        case .missingColumns(let p, let m, let f):
            "'\(p)' has no column \(m.joined(separator: ", ")) (nor a partition directory NAME=VALUE above it); "
                + "its columns: \(f.prefix(12).joined(separator: ", "))"
        case .noParquetInDirectory(let p):
            "'\(p)' is a directory with no .parquet file below it: name CSV files, or a directory of Parquet files"
        }
    }
}
