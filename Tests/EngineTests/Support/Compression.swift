import CZlib
import Engine

/// Compression helpers that build test inputs: gzip members and zip archives (stored, deflated,
/// and in ZIP64 form), written with zlib so the reader is checked against a second encoder.
enum Compression {
    /// One gzip member holding `bytes`.
    static func gzip(_ bytes: [UInt8]) -> [UInt8] { deflate(bytes, windowBits: 15 + 16) }

    /// A raw deflate stream, as a zip entry holds it.
    static func rawDeflate(_ bytes: [UInt8]) -> [UInt8] { deflate(bytes, windowBits: -15) }

    static func crc(_ bytes: [UInt8]) -> UInt32 {
        UInt32(bytes.withUnsafeBufferPointer { crc32(0, $0.baseAddress, UInt32($0.count)) })
    }

    /// A zip archive of `entries` (name, content), deflated or stored, optionally with ZIP64
    /// records as large archives carry them. `flags`, `method` and `crcDelta` write other values
    /// into the central directory than the content has (an encrypted flag, another method, a CRC
    /// that does not match), as damaged or unreadable archives do.
    static func zip(
        _ entries: [(String, [UInt8])], deflated: Bool = true, zip64: Bool = false, flags: UInt16 = 0,
        method: UInt16? = nil, crcDelta: UInt32 = 0
    ) -> [UInt8] {
        var out: [UInt8] = []
        var central: [UInt8] = []
        for (name, content) in entries {
            let data = deflated ? rawDeflate(content) : content
            let offset = out.count
            let nameBytes = Array(name.utf8)
            out += le32(0x0403_4B50) + le16(20) + le16(0) + le16(deflated ? 8 : 0) + le16(0) + le16(0)
            out += le32(crc(content)) + le32(UInt32(data.count)) + le32(UInt32(content.count))
            out += le16(UInt16(nameBytes.count)) + le16(0) + nameBytes + data
            let extra: [UInt8] =
                zip64
                ? le16(1) + le16(24) + le64(UInt64(content.count)) + le64(UInt64(data.count)) + le64(UInt64(offset))
                : []
            central += le32(0x0201_4B50) + le16(45) + le16(45) + le16(flags) + le16(method ?? (deflated ? 8 : 0))
            central += le16(0) + le16(0)
            central += le32(crc(content) &+ crcDelta)
            central +=
                zip64 ? le32(0xFFFF_FFFF) + le32(0xFFFF_FFFF) : le32(UInt32(data.count)) + le32(UInt32(content.count))
            central += le16(UInt16(nameBytes.count)) + le16(UInt16(extra.count)) + le16(0) + le16(0) + le16(0) + le32(0)
            central += zip64 ? le32(0xFFFF_FFFF) : le32(UInt32(offset))
            central += nameBytes + extra
        }
        let cdOffset = out.count
        out += central
        if zip64 {
            let eocd64At = out.count
            out += le32(0x0606_4B50) + le64(44) + le16(45) + le16(45) + le32(0) + le32(0)
            out +=
                le64(UInt64(entries.count)) + le64(UInt64(entries.count)) + le64(UInt64(central.count))
                + le64(UInt64(cdOffset))
            out += le32(0x0706_4B50) + le32(0) + le64(UInt64(eocd64At)) + le32(1)
            out +=
                le32(0x0605_4B50) + le16(0) + le16(0) + le16(0xFFFF) + le16(0xFFFF) + le32(0xFFFF_FFFF)
                + le32(0xFFFF_FFFF) + le16(0)
        } else {
            out += le32(0x0605_4B50) + le16(0) + le16(0) + le16(UInt16(entries.count)) + le16(UInt16(entries.count))
            out += le32(UInt32(central.count)) + le32(UInt32(cdOffset)) + le16(0)
        }
        return out
    }

    private static func deflate(_ bytes: [UInt8], windowBits: Int32) -> [UInt8] {
        var stream = z_stream()
        deflateInit2_(
            &stream, 6, Z_DEFLATED, windowBits, 8, Z_DEFAULT_STRATEGY, zlibVersion(), Int32(MemoryLayout<z_stream>.size)
        )
        var out = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(bytes.count))) + 64)
        var input = bytes
        let produced = input.withUnsafeMutableBufferPointer { inBuf in
            out.withUnsafeMutableBufferPointer { outBuf in
                stream.next_in = inBuf.baseAddress
                stream.avail_in = UInt32(inBuf.count)
                stream.next_out = outBuf.baseAddress
                stream.avail_out = UInt32(outBuf.count)
                CZlib.deflate(&stream, Z_FINISH)
                return outBuf.count - Int(stream.avail_out)
            }
        }
        deflateEnd(&stream)
        return Array(out.prefix(produced))
    }

    private static func le16(_ v: UInt16) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8)] }
    private static func le32(_ v: UInt32) -> [UInt8] { le16(UInt16(v & 0xFFFF)) + le16(UInt16(v >> 16)) }
    private static func le64(_ v: UInt64) -> [UInt8] { le32(UInt32(v & 0xFFFF_FFFF)) + le32(UInt32(v >> 32)) }
}
