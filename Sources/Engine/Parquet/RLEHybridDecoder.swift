/// Reads Parquet's RLE / bit-packing hybrid (definition levels, dictionary indices): the inverse
/// of ``RLEHybridEncoder``, checked against the bytes it is given.
enum RLEHybridDecoder {
    struct Malformed: Error, CustomStringConvertible {
        var description: String
    }

    /// `count` values of `bitWidth` bits from `bytes`.
    static func decode(_ bytes: ArraySlice<UInt8>, bitWidth: Int, count: Int) throws -> [UInt32] {
        guard (0...32).contains(bitWidth) else { throw Malformed(description: "a bit width of \(bitWidth)") }
        var out: [UInt32] = []
        out.reserveCapacity(count)
        var i = bytes.startIndex
        let end = bytes.endIndex
        func varint() throws -> UInt64 {
            var result: UInt64 = 0
            var shift: UInt64 = 0
            while true {
                guard i < end, shift < 64 else {
                    throw Malformed(description: "levels or indices end inside a run header")
                }
                let b = bytes[i]
                i += 1
                result |= UInt64(b & 0x7F) << shift
                if b & 0x80 == 0 { return result }
                shift += 7
            }
        }
        let valueBytes = (bitWidth + 7) / 8
        while out.count < count {
            let header = try varint()
            if header & 1 == 0 {
                let run = Int(clamping: header >> 1)
                guard end - i >= valueBytes else { throw Malformed(description: "a run's value is cut short") }
                var v: UInt32 = 0
                for k in 0..<valueBytes { v |= UInt32(bytes[i + k]) << (8 * UInt32(k)) }
                i += valueBytes
                let take = min(run, count - out.count)
                out.append(contentsOf: repeatElement(v, count: take))
            } else {
                let groups = Int(clamping: header >> 1)
                let needed = groups.multipliedReportingOverflow(by: bitWidth)
                guard !needed.overflow, needed.partialValue <= end - i else {
                    throw Malformed(description: "a bit-packed run is cut short")
                }
                var buffer: UInt64 = 0
                var bits = 0
                let mask: UInt64 = bitWidth == 32 ? 0xFFFF_FFFF : (1 << UInt64(bitWidth)) - 1
                for _ in 0..<(groups * 8) {
                    while bits < bitWidth {
                        buffer |= UInt64(bytes[i]) << UInt64(bits)
                        i += 1
                        bits += 8
                    }
                    if out.count < count { out.append(UInt32(buffer & mask)) }
                    buffer >>= UInt64(bitWidth)
                    bits -= bitWidth
                }
            }
        }
        return out
    }
}
