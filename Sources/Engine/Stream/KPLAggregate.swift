/// Records aggregated by the Kinesis Producer Library: many user records in one Kinesis record —
/// the magic `F3 89 9A C2`, a protobuf `AggregatedRecord`, then the MD5 of the protobuf bytes
/// (awslabs/amazon-kinesis-producer, `aggregation-format.md`). Readers de-aggregate them so each
/// user record is an event of its own.
///
///     message AggregatedRecord { repeated string partition_key_table = 1;
///                                repeated string explicit_hash_key_table = 2;
///                                repeated Record records = 3; }
///     message Record { required uint64 partition_key_index = 1;
///                      optional uint64 explicit_hash_key_index = 2;
///                      required bytes data = 3; repeated Tag tags = 4; }
public enum KPLAggregate {
    static let magic: [UInt8] = [0xF3, 0x89, 0x9A, 0xC2]

    /// True when `payload` starts with the aggregation magic.
    public static func isAggregated(_ payload: UnsafeBufferPointer<UInt8>) -> Bool {
        payload.count >= 4 && payload[0] == 0xF3 && payload[1] == 0x89 && payload[2] == 0x9A && payload[3] == 0xC2
    }

    /// The ranges of `payload` that hold the user records' data, in order; or why the record
    /// cannot be read (its checksum does not match, or its protobuf is damaged).
    public static func userRecords(_ payload: UnsafeBufferPointer<UInt8>) -> Result<[Range<Int>], Failure> {
        guard payload.count >= magic.count + 16 else { return .failure(Failure("too short for a KPL aggregate")) }
        let body = magic.count..<(payload.count - 16)
        let (high, low) = MD5.digest(UnsafeBufferPointer(rebasing: payload[body]))
        var stored: (UInt64, UInt64) = (0, 0)
        for i in 0..<8 {
            stored.0 = stored.0 << 8 | UInt64(payload[body.upperBound + i])
            stored.1 = stored.1 << 8 | UInt64(payload[body.upperBound + 8 + i])
        }
        guard stored == (high, low) else { return .failure(Failure("KPL aggregate's MD5 does not match its content")) }
        var reader = ProtobufReader(payload, range: body)
        var out: [Range<Int>] = []
        do {
            while let (field, value) = try reader.next() {
                guard field == 3, case .bytes(let record) = value else { continue }
                var inner = ProtobufReader(payload, range: record)
                var data: Range<Int>? = nil
                while let (f, v) = try inner.next() {
                    if f == 3, case .bytes(let d) = v { data = d }
                }
                guard let data else { return .failure(Failure("a user record of the KPL aggregate has no data")) }
                out.append(data)
            }
        } catch let f as Failure {
            return .failure(f)
        } catch {
            return .failure(Failure("\(error)"))
        }
        return .success(out)
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
        init(_ d: String) { description = d }
    }

    /// Reads protobuf fields (varints and length-delimited values; fixed-width ones are skipped).
    struct ProtobufReader {
        let bytes: UnsafeBufferPointer<UInt8>
        var at: Int
        let end: Int

        enum Value {
            case varint(UInt64)
            case bytes(Range<Int>)
            case fixed
        }

        init(_ bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>) {
            self.bytes = bytes
            at = range.lowerBound
            end = range.upperBound
        }

        mutating func varint() throws -> UInt64 {
            var v: UInt64 = 0
            var shift: UInt64 = 0
            while at < end, shift < 64 {
                let b = bytes[at]
                at += 1
                v |= UInt64(b & 0x7F) << shift
                if b & 0x80 == 0 { return v }
                shift += 7
            }
            throw Failure("KPL aggregate's protobuf is cut inside a number")
        }

        mutating func next() throws -> (Int, Value)? {
            guard at < end else { return nil }
            let key = try varint()
            let field = Int(key >> 3)
            switch key & 7 {
            case 0: return (field, .varint(try varint()))
            case 2:
                let n = try varint()
                guard n <= UInt64(end - at) else {
                    throw Failure("KPL aggregate's protobuf is cut inside field \(field)")
                }
                let r = at..<(at + Int(n))
                at += Int(n)
                return (field, .bytes(r))
            case 1, 5:
                let n = key & 7 == 1 ? 8 : 4
                guard at + n <= end else { throw Failure("KPL aggregate's protobuf is cut inside field \(field)") }
                at += n
                return (field, .fixed)
            default: throw Failure("KPL aggregate's protobuf has an unknown wire type in field \(field)")
            }
        }
    }
}
