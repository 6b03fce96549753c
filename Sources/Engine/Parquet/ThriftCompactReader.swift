/// Reads Thrift structs in the compact protocol into a generic tree, for Parquet's footer and page
/// headers. Fields the caller does not know are kept (and ignored); every length and count is
/// checked against the bytes left, and nesting is bounded, so damaged input gives an error, never
/// a crash or a huge allocation.
struct ThriftCompactReader {
    indirect enum Value {
        case bool(Bool)
        case int(Int64)
        case double(Double)
        case binary(ArraySlice<UInt8>)
        case list([Value])
        case structure([Int16: Value])
    }

    struct Malformed: Error, CustomStringConvertible {
        var reason: String
        var description: String { reason }
    }

    private let bytes: ArraySlice<UInt8>
    private(set) var position: Int

    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        position = bytes.startIndex
    }

    /// Bytes read so far.
    var consumed: Int { position - bytes.startIndex }

    mutating func readStruct(depth: Int = 0) throws -> [Int16: Value] {
        guard depth < 32 else { throw Malformed(reason: "metadata nested too deeply") }
        var fields: [Int16: Value] = [:]
        var last: Int16 = 0
        while true {
            let header = try byte()
            if header == 0 { return fields }
            let type = header & 0x0F
            let delta = Int16(header >> 4)
            let id: Int16
            if delta != 0 {
                id = last &+ delta
            } else {
                let z = try varint()
                id = Int16(truncatingIfNeeded: Int64(bitPattern: (z >> 1) ^ (0 &- (z & 1))))
            }
            last = id
            fields[id] = try value(type, depth: depth)
        }
    }

    private mutating func value(_ type: UInt8, depth: Int) throws -> Value {
        switch type {
        case 1: return .bool(true)
        case 2: return .bool(false)
        case 3: return .int(Int64(Int8(bitPattern: try byte())))
        case 4, 5, 6: return .int(try zigzag())
        case 7:
            guard bytes.endIndex - position >= 8 else { throw Malformed(reason: "metadata ends inside a number") }
            var bits: UInt64 = 0
            for k in 0..<8 { bits |= UInt64(bytes[position + k]) << (8 * UInt64(k)) }
            position += 8
            return .double(Double(bitPattern: bits))
        case 8:
            let n = try length()
            defer { position += n }
            return .binary(bytes[position..<(position + n)])
        case 9, 10:
            let header = try byte()
            var count = Int(header >> 4)
            if count == 15 { count = try length(perElement: 1) }
            let elementType = header & 0x0F
            var items: [Value] = []
            items.reserveCapacity(min(count, 1024))
            for _ in 0..<count {
                if elementType == 12 {
                    items.append(.structure(try readStruct(depth: depth + 1)))
                } else if elementType == 1 || elementType == 2 {
                    items.append(.bool(try byte() == 1))  // list elements carry the value in a byte
                } else {
                    items.append(try value(elementType, depth: depth + 1))
                }
            }
            return .list(items)
        case 12: return .structure(try readStruct(depth: depth + 1))
        default: throw Malformed(reason: "metadata holds an unknown Thrift type \(type)")
        }
    }

    private mutating func byte() throws -> UInt8 {
        guard position < bytes.endIndex else { throw Malformed(reason: "metadata ends too early") }
        defer { position += 1 }
        return bytes[position]
    }

    private mutating func varint() throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let b = try byte()
            guard shift < 64 else { throw Malformed(reason: "metadata holds a number too long") }
            result |= UInt64(b & 0x7F) << shift
            if b & 0x80 == 0 { return result }
            shift += 7
        }
    }

    private mutating func zigzag() throws -> Int64 {
        let z = try varint()
        return Int64(bitPattern: (z >> 1) ^ (0 &- (z & 1)))
    }

    /// A length or count that the bytes left can hold (`perElement` bytes each at least).
    private mutating func length(perElement: Int = 1) throws -> Int {
        let n = try varint()
        guard n <= UInt64(bytes.endIndex - position) / UInt64(perElement) else {
            throw Malformed(
                reason: "metadata claims \(n) bytes or items where \(bytes.endIndex - position) bytes are left")
        }
        return Int(n)
    }
}

extension Dictionary where Key == Int16, Value == ThriftCompactReader.Value {
    func int(_ id: Int16) -> Int64? {
        if case .int(let v)? = self[id] { return v }
        return nil
    }

    func bool(_ id: Int16) -> Bool? {
        if case .bool(let v)? = self[id] { return v }
        return nil
    }

    func string(_ id: Int16) -> String? {
        if case .binary(let b)? = self[id] { return String(decoding: b, as: UTF8.self) }
        return nil
    }

    func structure(_ id: Int16) -> [Int16: ThriftCompactReader.Value]? {
        if case .structure(let s)? = self[id] { return s }
        return nil
    }

    func list(_ id: Int16) -> [ThriftCompactReader.Value]? {
        if case .list(let l)? = self[id] { return l }
        return nil
    }
}
