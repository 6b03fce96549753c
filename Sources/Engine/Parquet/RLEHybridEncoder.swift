/// Parquet's RLE / bit-packing hybrid encoding, for definition levels and dictionary indices:
/// runs of one value as (count, value), everything else bit-packed in groups of eight, least
/// significant bit first (apache/parquet-format `Encodings.md`).
enum RLEHybridEncoder {
    /// Appends `values` (each below 2^`bitWidth`) to `out`. A run of eight or more equal values
    /// becomes an RLE run once the bit-packed values before it fill whole groups of eight (a
    /// bit-packed run can only end at a group boundary); the last group is padded with zeros,
    /// which readers ignore as they know how many values there are.
    static func encode(_ values: UnsafeBufferPointer<UInt32>, bitWidth: Int, into out: inout [UInt8]) {
        var packed: [UInt32] = []
        packed.reserveCapacity(1024)
        var i = 0
        let n = values.count
        while i < n {
            let v = values[i]
            var run = 1
            while i + run < n, values[i + run] == v { run += 1 }
            if packed.count % 8 != 0 {
                let take = min(run, 8 - packed.count % 8)
                for _ in 0..<take { packed.append(v) }
                i += take
                continue
            }
            if run >= 8 {
                flushPacked(&packed, bitWidth: bitWidth, into: &out)
                varint(UInt64(run) << 1, into: &out)
                for b in 0..<((bitWidth + 7) / 8) { out.append(UInt8(truncatingIfNeeded: v >> (8 * b))) }
            } else {
                for _ in 0..<run { packed.append(v) }
            }
            i += run
        }
        flushPacked(&packed, bitWidth: bitWidth, into: &out)
    }

    private static func flushPacked(_ packed: inout [UInt32], bitWidth: Int, into out: inout [UInt8]) {
        guard !packed.isEmpty else { return }
        while packed.count % 8 != 0 { packed.append(0) }
        varint(UInt64(packed.count / 8) << 1 | 1, into: &out)
        var buffer: UInt64 = 0
        var bits = 0
        for v in packed {
            buffer |= UInt64(v) << UInt64(bits)
            bits += bitWidth
            while bits >= 8 {
                out.append(UInt8(truncatingIfNeeded: buffer))
                buffer >>= 8
                bits -= 8
            }
        }
        // Groups of eight values hold 8 × bitWidth bits: whole bytes, nothing left over.
        packed.removeAll(keepingCapacity: true)
    }

    static func varint(_ value: UInt64, into out: inout [UInt8]) {
        var v = value
        while v >= 0x80 {
            out.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
    }

    /// Bits needed for values up to `maximum` (0 for none but zero).
    static func bitWidth(_ maximum: UInt32) -> Int { maximum == 0 ? 0 : 32 - maximum.leadingZeroBitCount }
}
