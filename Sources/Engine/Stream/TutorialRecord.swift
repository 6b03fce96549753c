#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The record the tutorial's simulator (`stream-data-app-simulation.py`) puts on its stream, byte
/// for byte, so that its Flink job and Lambda read ecomdash's replay unchanged:
/// `json.dumps(row, indent=4)` of the row as `csv.DictReader` gives it (the nine columns as
/// strings, in the header's order) plus `txn_timestamp = datetime.now().isoformat()`.
public enum TutorialRecord {
    private static let keys = EventSchema.columns + ["txn_timestamp"]

    /// Appends the record of the row whose fields are `fields` ranges of `bytes`.
    public static func encode(
        _ bytes: UnsafeBufferPointer<UInt8>, fields: [Range<Int>], txnTimestamp: String, into out: inout [UInt8]
    ) {
        out.append(contentsOf: "{\n".utf8)
        for (i, key) in keys.enumerated() {
            out.append(contentsOf: "    \"\(key)\": \"".utf8)
            if i < fields.count {
                appendPythonEscaped(UnsafeBufferPointer(rebasing: bytes[fields[i]]), to: &out)
            } else {
                out.append(contentsOf: txnTimestamp.utf8)
            }
            out.append(contentsOf: (i + 1 < keys.count ? "\",\n" : "\"\n").utf8)
        }
        out.append(0x7D)  // }
    }

    /// `datetime.now().isoformat()` at `seconds` + `microseconds` since the epoch: the machine's
    /// local time with no zone, and the fraction only when it is not zero, as Python writes it.
    public static func timestamp(seconds: Int, microseconds: Int) -> String {
        var t = time_t(seconds)
        var parts = tm()
        localtime_r(&t, &parts)
        func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
        var s =
            "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T"
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))"
        if microseconds > 0 {
            let digits = String(microseconds)
            s += "." + String(repeating: "0", count: 6 - digits.count) + digits
        }
        return s
    }

    /// The current time as ``timestamp(seconds:microseconds:)`` writes it.
    public static func now() -> String {
        var tv = timeval()
        gettimeofday(&tv, nil)
        return timestamp(seconds: Int(tv.tv_sec), microseconds: Int(tv.tv_usec))
    }

    /// A string's content as `json.dumps` writes it (`ensure_ascii`): quotes, backslashes and
    /// control characters escaped, and every character beyond ASCII as `\uXXXX` (a surrogate
    /// pair beyond the Basic Multilingual Plane).
    static func appendPythonEscaped(_ s: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        guard s.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 >= 0x80 }) else {
            out.append(contentsOf: s)
            return
        }
        let hex = Array("0123456789abcdef".utf8)
        func u(_ v: UInt32) {
            out += [0x5C, 0x75, hex[Int(v >> 12 & 15)], hex[Int(v >> 8 & 15)], hex[Int(v >> 4 & 15)], hex[Int(v & 15)]]
        }
        for scalar in String(decoding: s, as: UTF8.self).unicodeScalars {
            switch scalar.value {
            case 0x22: out += [0x5C, 0x22]
            case 0x5C: out += [0x5C, 0x5C]
            case 0x0A: out += [0x5C, 0x6E]
            case 0x0D: out += [0x5C, 0x72]
            case 0x09: out += [0x5C, 0x74]
            case 0x08: out += [0x5C, 0x62]
            case 0x0C: out += [0x5C, 0x66]
            case 0..<0x20: u(scalar.value)
            case 0x20..<0x80: out.append(UInt8(scalar.value))
            case 0x80..<0x10000: u(scalar.value)
            default:
                let v = scalar.value - 0x10000
                u(0xD800 + (v >> 10))
                u(0xDC00 + (v & 0x3FF))
            }
        }
    }
}
