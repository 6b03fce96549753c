import CSnappy
import CZstd

/// The page codecs ecomdash writes: Snappy (Parquet's common default), ZSTD (smaller), none.
public enum ParquetCompression: String, CaseIterable, Sendable {
    case snappy, zstd, none

    /// The `CompressionCodec` number in the file's metadata.
    var codec: Int32 {
        switch self {
        case .none: 0
        case .snappy: 1
        case .zstd: 6
        }
    }

    func compress(_ input: [UInt8]) -> [UInt8] {
        switch self {
        case .none:
            return input
        case .snappy:
            var length = snappy_max_compressed_length(input.count)
            var out = [UInt8](repeating: 0, count: length)
            let status = input.withUnsafeBytes { i in
                out.withUnsafeMutableBytes { o in
                    snappy_compress(
                        i.baseAddress?.assumingMemoryBound(to: CChar.self), input.count,
                        o.baseAddress!.assumingMemoryBound(to: CChar.self), &length)
                }
            }
            precondition(status == SNAPPY_OK, "snappy_compress failed with a buffer of its own bound")
            out.removeLast(out.count - length)
            return out
        case .zstd:
            var out = [UInt8](repeating: 0, count: ZSTD_compressBound(input.count))
            let n = input.withUnsafeBytes { i in
                out.withUnsafeMutableBytes { o in
                    ZSTD_compress(o.baseAddress, o.count, i.baseAddress, input.count, 3)
                }
            }
            precondition(ZSTD_isError(n) == 0, "ZSTD_compress failed with a buffer of its own bound")
            out.removeLast(out.count - n)
            return out
        }
    }
}
