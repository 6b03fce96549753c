import Foundation

/// A long array of integers coded as one base64 string of their little-endian bytes: saved
/// figures hold columns of 100,000 products and 270,000 burst windows, and a JSON number each
/// made reading them back most of a lake's opening.
struct PackedIntegers<Value: FixedWidthInteger>: Codable {
    var values: [Value]

    init(_ values: [Value]) { self.values = values }

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        let size = MemoryLayout<Value>.size
        guard let bytes = Data(base64Encoded: text), bytes.count % size == 0 else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "not base64 of \(size)-byte integers")
        }
        values = [Value](unsafeUninitializedCapacity: bytes.count / size) { buffer, count in
            bytes.withUnsafeBytes { raw in
                for i in 0..<(bytes.count / size) {
                    buffer[i] = Value(littleEndian: raw.loadUnaligned(fromByteOffset: i * size, as: Value.self))
                }
            }
            count = bytes.count / size
        }
    }

    func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        let bytes = values.map(\.littleEndian).withUnsafeBytes { Data($0) }
        try container.encode(bytes.base64EncodedString())
    }
}
