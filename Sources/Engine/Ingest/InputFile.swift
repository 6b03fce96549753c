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
        let file = try FileHandleReader(path: path)
        let magic = try file.bytes(at: 0, count: 4)
        if magic.count >= 2, magic[0] == 0x1F, magic[1] == 0x8B {
            return [
                InputStream(
                    name: path,
                    open: {
                        InflateSource(input: FileRangeSource(file: file), path: path, format: .gzip)
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
        return [InputStream(name: path, open: { FileRangeSource(file: file) }, size: file.size)]
    }
}
