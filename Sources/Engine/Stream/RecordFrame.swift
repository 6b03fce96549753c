import CSupport

/// How one record sits in a segment file: a 28-byte header — magic, payload length, sequence
/// number, arrival time, CRC-32C — then the payload. The length and checksum let a reader tell a
/// torn tail (a write cut short) from a finished record, and corruption from data.
enum RecordFrame {
    static let magic: UInt32 = 0x4544_4345  // "ECDE" in little-endian byte order
    static let headerSize = 28
    /// Payloads above this are refused: a length beyond it means corruption.
    static let maxPayload = 1 << 20

    /// Appends a framed record to `out`.
    static func append(
        sequence: UInt64, arrivalMilliseconds: UInt64, payload: UnsafeBufferPointer<UInt8>,
        to out: inout [UInt8]
    ) {
        var header = [UInt8](repeating: 0, count: headerSize)
        put32(&header, 0, magic)
        put32(&header, 4, UInt32(payload.count))
        put64(&header, 8, sequence)
        put64(&header, 16, arrivalMilliseconds)
        put32(&header, 24, checksum(header, payload))
        out += header
        out.append(contentsOf: payload)
    }

    /// What a reader finds at an offset.
    enum Parse {
        case record(sequence: UInt64, arrivalMilliseconds: UInt64, payload: Range<Int>, next: Int)
        /// Not enough bytes yet: a record being written, or a torn tail.
        case incomplete
        case corrupt(String)
    }

    static func parse(_ b: UnsafeBufferPointer<UInt8>, at offset: Int) -> Parse {
        guard b.count - offset >= headerSize else { return .incomplete }
        guard get32(b, offset) == magic else { return .corrupt("no record header (bad magic number)") }
        let length = Int(get32(b, offset + 4))
        guard length <= maxPayload else { return .corrupt("record length \(length) is out of range") }
        guard b.count - offset - headerSize >= length else { return .incomplete }
        let payload = UnsafeBufferPointer(rebasing: b[(offset + headerSize)..<(offset + headerSize + length)])
        let header = Array(UnsafeBufferPointer(rebasing: b[offset..<(offset + headerSize)]))
        guard checksum(header, payload) == get32(b, offset + 24) else { return .corrupt("checksum mismatch") }
        return .record(
            sequence: get64(b, offset + 8), arrivalMilliseconds: get64(b, offset + 16),
            payload: (offset + headerSize)..<(offset + headerSize + length), next: offset + headerSize + length)
    }

    /// CRC-32C of the sequence, arrival time and payload (header bytes 8..<24, then the payload).
    private static func checksum(_ header: [UInt8], _ payload: UnsafeBufferPointer<UInt8>) -> UInt32 {
        var crc = header.withUnsafeBufferPointer { ecomdash_crc32c(0, $0.baseAddress! + 8, 16) }
        if payload.count > 0 { crc = ecomdash_crc32c(crc, payload.baseAddress, payload.count) }
        return crc
    }

    private static func put32(_ b: inout [UInt8], _ i: Int, _ v: UInt32) {
        for k in 0..<4 { b[i + k] = UInt8(truncatingIfNeeded: v >> (8 * UInt32(k))) }
    }

    private static func put64(_ b: inout [UInt8], _ i: Int, _ v: UInt64) {
        for k in 0..<8 { b[i + k] = UInt8(truncatingIfNeeded: v >> (8 * UInt64(k))) }
    }

    static func get32(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> UInt32 {
        (0..<4).reduce(UInt32(0)) { $0 | UInt32(b[i + $1]) << (8 * UInt32($1)) }
    }

    static func get64(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> UInt64 {
        (0..<8).reduce(UInt64(0)) { $0 | UInt64(b[i + $1]) << (8 * UInt64($1)) }
    }
}
