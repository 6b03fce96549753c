/// Reads the table of contents of a zip archive (including ZIP64, as Kaggle's multi-gigabyte
/// downloads need) and opens its entries as byte sources.
struct ZipArchive: Sendable {
    struct Entry: Sendable {
        var name: String
        var method: UInt16
        /// General-purpose flags: bit 0 marks an encrypted entry.
        var flags: UInt16
        /// CRC-32 of the uncompressed content.
        var crc32: UInt32
        var compressedSize: Int64
        var uncompressedSize: Int64
        var localHeaderOffset: Int64
    }

    let path: String
    let entries: [Entry]
    private let file: any RandomAccessInput

    init(file: any RandomAccessInput) throws {
        self.file = file
        self.path = file.path
        let tailLength = Int(min(file.size, 65_557))
        let tail = try file.bytes(at: file.size - Int64(tailLength), count: tailLength)
        guard let eocd = Self.lastSignature(0x0605_4B50, in: tail) else {
            throw IngestError.unsupportedArchive(path: path, reason: "no end-of-central-directory record")
        }
        var count = Int64(Self.u16(tail, eocd + 10))
        var cdSize = Int64(Self.u32(tail, eocd + 12))
        var cdOffset = Int64(Self.u32(tail, eocd + 16))
        if count == 0xFFFF || cdSize == 0xFFFF_FFFF || cdOffset == 0xFFFF_FFFF {
            let locatorAt = eocd - 20
            guard locatorAt >= 0, Self.u32(tail, locatorAt) == 0x0706_4B50 else {
                throw IngestError.unsupportedArchive(path: path, reason: "ZIP64 locator missing")
            }
            let zip64At = Int64(Self.u64(tail, locatorAt + 8))
            let rec = try file.bytes(at: zip64At, count: 56)
            guard rec.count == 56, Self.u32(rec, 0) == 0x0606_4B50 else {
                throw IngestError.unsupportedArchive(path: path, reason: "ZIP64 end record missing")
            }
            count = Int64(Self.u64(rec, 32))
            cdSize = Int64(Self.u64(rec, 40))
            cdOffset = Int64(Self.u64(rec, 48))
        }
        guard cdSize >= 0, cdSize < 1 << 31, cdOffset + cdSize <= file.size else {
            throw IngestError.unsupportedArchive(path: path, reason: "central directory out of range")
        }
        let cd = try file.bytes(at: cdOffset, count: Int(cdSize))
        var entries: [Entry] = []
        var at = 0
        for _ in 0..<count {
            guard at + 46 <= cd.count, Self.u32(cd, at) == 0x0201_4B50 else {
                throw IngestError.unsupportedArchive(path: path, reason: "central directory entry damaged")
            }
            let flags = Self.u16(cd, at + 8)
            let method = Self.u16(cd, at + 10)
            let crc = Self.u32(cd, at + 16)
            var compressed = Int64(Self.u32(cd, at + 20))
            var uncompressed = Int64(Self.u32(cd, at + 24))
            let nameLength = Int(Self.u16(cd, at + 28))
            let extraLength = Int(Self.u16(cd, at + 30))
            let commentLength = Int(Self.u16(cd, at + 32))
            var local = Int64(Self.u32(cd, at + 42))
            guard at + 46 + nameLength + extraLength <= cd.count else {
                throw IngestError.unsupportedArchive(path: path, reason: "central directory entry damaged")
            }
            let name = String(decoding: cd[(at + 46)..<(at + 46 + nameLength)], as: UTF8.self)
            // ZIP64 extra field: the 64-bit values of whichever fields are saturated, in order.
            var e = at + 46 + nameLength
            let extraEnd = e + extraLength
            while e + 4 <= extraEnd {
                let id = Self.u16(cd, e)
                let size = Int(Self.u16(cd, e + 2))
                if id == 0x0001 {
                    var v = e + 4
                    if uncompressed == 0xFFFF_FFFF, v + 8 <= e + 4 + size {
                        uncompressed = Int64(Self.u64(cd, v)); v += 8
                    }
                    if compressed == 0xFFFF_FFFF, v + 8 <= e + 4 + size { compressed = Int64(Self.u64(cd, v)); v += 8 }
                    if local == 0xFFFF_FFFF, v + 8 <= e + 4 + size { local = Int64(Self.u64(cd, v)) }
                }
                e += 4 + size
            }
            entries.append(
                Entry(
                    name: name, method: method, flags: flags, crc32: crc, compressedSize: compressed,
                    uncompressedSize: uncompressed, localHeaderOffset: local))
            at += 46 + nameLength + extraLength + commentLength
        }
        self.entries = entries
    }

    /// The entries that hold CSV data: names ending in `.csv`, not directories or macOS metadata.
    var csvEntries: [Entry] {
        entries.filter { e in
            let base = e.name.split(separator: "/").last ?? ""
            return e.name.lowercased().hasSuffix(".csv") && !e.name.hasPrefix("__MACOSX/") && !base.hasPrefix("._")
        }
    }

    /// A byte source for an entry's uncompressed content, checked against the entry's CRC-32 and
    /// size as it is read (``ChecksummedSource``).
    func open(_ entry: Entry) throws -> ByteSource {
        guard entry.flags & 1 == 0 else {
            throw IngestError.unsupportedArchive(
                path: path, reason: "\(entry.name) is encrypted; extract it with its password first")
        }
        let header = try file.bytes(at: entry.localHeaderOffset, count: 30)
        guard header.count == 30, Self.u32(header, 0) == 0x0403_4B50 else {
            throw IngestError.unsupportedArchive(path: path, reason: "local header of \(entry.name) damaged")
        }
        let dataAt = entry.localHeaderOffset + 30 + Int64(Self.u16(header, 26)) + Int64(Self.u16(header, 28))
        let raw = FileRangeSource(file: file, offset: dataAt, length: entry.compressedSize)
        let name = "\(path):\(entry.name)"
        let content: ByteSource
        switch entry.method {
        case 0: content = raw
        case 8: content = InflateSource(input: raw, path: name, format: .rawDeflate)
        default:
            throw IngestError.unsupportedArchive(
                path: path,
                reason: "\(entry.name) uses compression method \(entry.method) (\(Self.methodName(entry.method))); "
                    + "ecomdash reads stored and deflate entries: re-create the archive with `zip` or extract it")
        }
        return ChecksummedSource(content, name: name, crc32: entry.crc32, size: entry.uncompressedSize)
    }

    /// A compression method's name, for the message that says it cannot be read.
    static func methodName(_ method: UInt16) -> String {
        switch method {
        case 9: "Deflate64"
        case 12: "bzip2"
        case 14: "LZMA"
        case 93: "Zstandard"
        case 95: "xz"
        case 99: "AES encryption"
        default: "unknown"
        }
    }

    private static func lastSignature(_ sig: UInt32, in b: [UInt8]) -> Int? {
        var i = b.count - 22
        while i >= 0 {
            if u32(b, i) == sig { return i }
            i -= 1
        }
        return nil
    }

    static func u16(_ b: [UInt8], _ i: Int) -> UInt16 { UInt16(b[i]) | UInt16(b[i + 1]) << 8 }
    static func u32(_ b: [UInt8], _ i: Int) -> UInt32 { UInt32(u16(b, i)) | UInt32(u16(b, i + 2)) << 16 }
    static func u64(_ b: [UInt8], _ i: Int) -> UInt64 { UInt64(u32(b, i)) | UInt64(u32(b, i + 4)) << 32 }
}
