import Foundation

/// One stream of CSV text to ingest: a plain file, a gzip file, or one CSV entry of a zip archive.
struct InputStream: Sendable {
    /// The name used in messages: the path, or `archive.zip:entry.csv`.
    var name: String
    /// Opens the bytes; called once, by the reader thread.
    var open: @Sendable () throws -> ByteSource
    /// Bytes of the file this stream consumes, for progress.
    var size: Int64
}

/// Opens the paths a user named, choosing the decoder from the file's first bytes rather than its
/// name, so `events.csv.gz` renamed to `events.csv` still reads.
enum InputFile {
    static func streams(for path: String) throws -> [InputStream] {
        if Lake.isLake(path) {
            let lake = try Lake(opening: path)
            _ = try LakeCSVSource(lake: lake)  // its dictionaries, checked now
            return [
                InputStream(
                    name: path, open: { try LakeCSVSource(lake: try Lake(opening: path)) },
                    size: Int64(lake.manifest.segments.reduce(0) { $0 + $1.bytes }))
            ]
        }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            let files = try ParquetFiles.list(path)
            guard !files.isEmpty else { throw IngestError.noParquetInDirectory(path: path) }
            return try files.map {
                try parquetStream(try ParquetFile(path: $0.path), partition: $0.partition)
            }
        }
        return try streams(for: try FileHandleReader(path: path), partition: [])
    }

    /// The streams of one input read by offset (a local file or a remote object): Parquet by its
    /// magic at either end or its name, gzip and zip by their magic, else text — CSV, or JSON
    /// event records as Firehose lands them (``JSONRecordsSource``). `partition`
    /// holds the Hive values (`key=value`) of the directories above it, for the columns a Parquet
    /// file lacks.
    static func streams(
        for file: any RandomAccessInput, partition: [(key: String, value: String)]
    ) throws -> [InputStream] {
        let path = file.path
        let magic = try file.bytes(at: 0, count: 4)
        // Parquet by its magic at either end, or by its name: a damaged one is then named as such.
        let tail = file.size >= 8 ? try file.bytes(at: file.size - 4, count: 4) : []
        if magic == ParquetFile.magic || tail == ParquetFile.magic || path.hasSuffix(".parquet") {
            return [try parquetStream(try ParquetFile(file: file), partition: partition)]
        }
        if magic.count >= 2, magic[0] == 0x1F, magic[1] == 0x8B {
            return [
                InputStream(
                    name: path,
                    open: {
                        try JSONRecordsSource(
                            input: InflateSource(input: FileRangeSource(file: file), path: path, format: .gzip))
                    }, size: file.size)
            ]
        }
        if magic.count == 4, magic == [0x50, 0x4B, 0x03, 0x04] || magic == [0x50, 0x4B, 0x05, 0x06] {
            let archive = try ZipArchive(file: file)
            let csvs = archive.csvEntries
            guard !csvs.isEmpty else {
                throw IngestError.noCSVInArchive(path: path, entries: archive.entries.map(\.name))
            }
            return csvs.map { entry in
                InputStream(
                    name: "\(path):\(entry.name)", open: { try archive.open(entry) },
                    size: entry.compressedSize)
            }
        }
        return [
            InputStream(
                name: path, open: { try JSONRecordsSource(input: FileRangeSource(file: file)) }, size: file.size)
        ]
    }

    /// A Parquet file, its footer read now so that a damaged one is named before any work starts.
    private static func parquetStream(
        _ parquet: ParquetFile, partition: [(key: String, value: String)]
    ) throws -> InputStream {
        let path = parquet.file.path
        _ = try ParquetCSVSource(parquet: parquet, path: path, partition: partition)  // its columns, checked now
        return InputStream(
            name: path, open: { try ParquetCSVSource(parquet: parquet, path: path, partition: partition) },
            size: parquet.rowGroups.reduce(0) { $0 + $1.bytes })
    }
}
