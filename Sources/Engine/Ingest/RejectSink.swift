import Foundation

/// Where rejected rows go so that nothing is lost.
public protocol RejectSink: AnyObject {
    func write(_ row: RejectedRow) throws
}

/// Writes rejected rows to a CSV file with columns `file,line,reason,row`, `row` being the
/// original record byte for byte (quoted). The file is created on the first reject only.
public final class RejectsFile: RejectSink {
    public let path: String
    private var handle: FileHandle? = nil
    private var buffer: [UInt8] = []
    public private(set) var written = 0

    public init(path: String) { self.path = path }

    deinit { try? flush() }

    public func write(_ row: RejectedRow) throws {
        if handle == nil {
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw IngestError.cannotOpen(path: path, reason: "cannot create the rejects file")
            }
            handle = FileHandle(forWritingAtPath: path)
            buffer.append(contentsOf: Array("file,line,reason,row\n".utf8))
        }
        var raw = row.raw
        while let last = raw.last, last == 0x0A || last == 0x0D { raw.removeLast() }
        appendQuoted(Array(row.file.utf8))
        buffer.append(0x2C)
        buffer.append(contentsOf: Array(String(row.line).utf8))
        buffer.append(0x2C)
        appendQuoted(Array(row.reason.description.utf8))
        buffer.append(0x2C)
        appendQuoted(raw)
        buffer.append(0x0A)
        written += 1
        if buffer.count > 1 << 16 { try flush() }
    }

    /// Writes buffered rows to disk.
    public func flush() throws {
        guard let h = handle, !buffer.isEmpty else { return }
        try h.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    private func appendQuoted(_ bytes: [UInt8]) {
        buffer.append(0x22)
        for b in bytes {
            if b == 0x22 { buffer.append(0x22) }
            buffer.append(b)
        }
        buffer.append(0x22)
    }
}
