/// Writes Thrift structs in the compact protocol, the encoding of Parquet's page headers and file
/// footer (apache/thrift `doc/specs/thrift-compact-protocol.md`).
///
/// Only what Parquet's metadata uses: structs, i16/i32/i64 (zigzag varints), booleans, binary
/// and lists. A struct is written as its fields in id order between ``beginStruct()`` and
/// ``endStruct()``; field ids are sent as deltas from the previous field of the same struct.
struct ThriftCompactWriter {
    private(set) var bytes: [UInt8] = []
    private var lastField: [Int16] = [0]

    enum FieldType: UInt8 {
        case boolTrue = 1, boolFalse = 2, byte = 3, i16 = 4, i32 = 5, i64 = 6, double = 7, binary = 8
        case list = 9, set = 10, map = 11, structure = 12
    }

    mutating func beginStruct() { lastField.append(0) }

    mutating func endStruct() {
        bytes.append(0)  // stop
        lastField.removeLast()
    }

    private mutating func fieldHeader(_ id: Int16, _ type: FieldType) {
        let delta = id - lastField[lastField.count - 1]
        if delta > 0, delta <= 15 {
            bytes.append(UInt8(delta) << 4 | type.rawValue)
        } else {
            bytes.append(type.rawValue)
            varint(zigzag(Int64(id)))
        }
        lastField[lastField.count - 1] = id
    }

    mutating func i32(_ id: Int16, _ v: Int32) {
        fieldHeader(id, .i32)
        varint(zigzag(Int64(v)))
    }

    mutating func i64(_ id: Int16, _ v: Int64) {
        fieldHeader(id, .i64)
        varint(zigzag(v))
    }

    mutating func bool(_ id: Int16, _ v: Bool) { fieldHeader(id, v ? .boolTrue : .boolFalse) }

    mutating func byte(_ id: Int16, _ v: Int8) {
        fieldHeader(id, .byte)
        bytes.append(UInt8(bitPattern: v))
    }

    mutating func binary(_ id: Int16, _ v: [UInt8]) {
        fieldHeader(id, .binary)
        varint(UInt64(v.count))
        bytes += v
    }

    mutating func string(_ id: Int16, _ v: String) { binary(id, Array(v.utf8)) }

    /// A struct-valued field: `body` writes its fields.
    mutating func structure(_ id: Int16, _ body: (inout ThriftCompactWriter) -> Void) {
        fieldHeader(id, .structure)
        beginStruct()
        body(&self)
        endStruct()
    }

    /// A list field of `count` elements of `type`; `body` writes the elements with the element
    /// writers below (structs with ``listStruct(_:)``).
    mutating func list(_ id: Int16, _ type: FieldType, count: Int, _ body: (inout ThriftCompactWriter) -> Void) {
        fieldHeader(id, .list)
        if count < 15 {
            bytes.append(UInt8(count) << 4 | type.rawValue)
        } else {
            bytes.append(0xF0 | type.rawValue)
            varint(UInt64(count))
        }
        body(&self)
    }

    mutating func listI32(_ v: Int32) { varint(zigzag(Int64(v))) }

    mutating func listString(_ v: String) {
        varint(UInt64(v.utf8.count))
        bytes += Array(v.utf8)
    }

    mutating func listStruct(_ body: (inout ThriftCompactWriter) -> Void) {
        beginStruct()
        body(&self)
        endStruct()
    }

    private func zigzag(_ v: Int64) -> UInt64 { UInt64(bitPattern: (v << 1) ^ (v >> 63)) }

    private mutating func varint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }
}
