import CIsal

/// Passes a zip entry's content through while checking it against the CRC-32 and size that the
/// archive's central directory records, so damaged data is never read as rows.
///
/// The check completes at the end of the entry: a mismatch then stops the ingest with the entry's
/// name. Rows already parsed from the entry stay counted, as with any file found corrupt part way,
/// and the message says so.
final class ChecksummedSource: ByteSource {
    private let inner: ByteSource
    private let name: String
    private let expectedCRC: UInt32
    private let expectedSize: Int64
    private var crc: UInt32 = 0
    private var size: Int64 = 0

    init(_ inner: ByteSource, name: String, crc32: UInt32, size: Int64) {
        self.inner = inner
        self.name = name
        self.expectedCRC = crc32
        self.expectedSize = size
    }

    var consumed: Int64 { inner.consumed }
    var warning: String? { inner.warning }

    func read(into buffer: UnsafeMutablePointer<UInt8>, count: Int) throws -> Int {
        let n = try inner.read(into: buffer, count: count)
        if n > 0 {
            crc = crc32_gzip_refl(crc, buffer, UInt64(n))
            size += Int64(n)
            if size > expectedSize { throw mismatch("more bytes than the \(expectedSize) the archive records") }
            return n
        }
        if size != expectedSize {
            throw mismatch("\(size) bytes where the archive records \(expectedSize)")
        }
        if crc != expectedCRC {
            throw mismatch(
                "CRC-32 \(Self.hex(crc)) where the archive records \(Self.hex(expectedCRC))")
        }
        return 0
    }

    private func mismatch(_ what: String) -> IngestError {
        .corrupt(path: name, offset: inner.consumed, reason: "damaged zip entry: \(what)")
    }

    static func hex(_ v: UInt32) -> String {
        let s = String(v, radix: 16)
        return "0x" + String(repeating: "0", count: 8 - s.count) + s
    }
}
