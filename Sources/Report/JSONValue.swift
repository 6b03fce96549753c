/// A JSON value with ordered keys, printed with numbers exactly as formatted (money keeps its
/// two decimals).
public indirect enum JSONValue: Sendable, Equatable {
    case object([(String, JSONValue)])
    case array([JSONValue])
    case string(String)
    /// A number's literal text, already formatted.
    case number(String)
    case bool(Bool)
    case null

    public static func == (a: JSONValue, b: JSONValue) -> Bool { a.rendered() == b.rendered() }

    static func int(_ v: Int) -> JSONValue { .number(String(v)) }

    /// Pretty-printed text: objects of scalars on one line, so a list of rows reads as a table.
    /// Written as UTF-8 bytes, then made a string once: a month's report is 14 MB of JSON, which
    /// appends to a `String` wrote at a ninth of the speed.
    public func rendered(indent: Int = 0) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(1 << 16)
        write(to: &out, indent: indent)
        return String(decoding: out, as: UTF8.self)
    }

    private func write(to out: inout [UInt8], indent: Int) {
        switch self {
        case .string(let s): Self.quote(s, into: &out)
        case .number(let n): out.append(contentsOf: n.utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .null: out.append(contentsOf: "null".utf8)
        case .array(let items):
            if items.isEmpty { return out.append(contentsOf: "[]".utf8) }
            out.append(contentsOf: "[\n".utf8)
            for (i, item) in items.enumerated() {
                Self.pad(&out, indent + 1)
                item.write(to: &out, indent: indent + 1)
                if i + 1 < items.count { out.append(UInt8(ascii: ",")) }
                out.append(UInt8(ascii: "\n"))
            }
            Self.pad(&out, indent)
            out.append(UInt8(ascii: "]"))
        case .object(let fields):
            if fields.isEmpty { return out.append(contentsOf: "{}".utf8) }
            if fields.allSatisfy({ $0.1.isScalar }) {
                out.append(UInt8(ascii: "{"))
                for (i, (key, value)) in fields.enumerated() {
                    if i > 0 { out.append(contentsOf: ", ".utf8) }
                    Self.quote(key, into: &out)
                    out.append(contentsOf: ": ".utf8)
                    value.write(to: &out, indent: indent)
                }
                return out.append(UInt8(ascii: "}"))
            }
            out.append(contentsOf: "{\n".utf8)
            for (i, (key, value)) in fields.enumerated() {
                Self.pad(&out, indent + 1)
                Self.quote(key, into: &out)
                out.append(contentsOf: ": ".utf8)
                value.write(to: &out, indent: indent + 1)
                if i + 1 < fields.count { out.append(UInt8(ascii: ",")) }
                out.append(UInt8(ascii: "\n"))
            }
            Self.pad(&out, indent)
            out.append(UInt8(ascii: "}"))
        }
    }

    private static func pad(_ out: inout [UInt8], _ indent: Int) {
        out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * indent))
    }

    private var isScalar: Bool {
        switch self {
        case .object, .array: false
        default: true
        }
    }

    /// A JSON string literal, escaping quotes, backslashes and control characters.
    static func quote(_ s: String) -> String {
        var out: [UInt8] = []
        quote(s, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    static func quote(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for u in s.utf8 {
            switch u {
            case UInt8(ascii: "\""): out.append(contentsOf: #"\""#.utf8)
            case UInt8(ascii: "\\"): out.append(contentsOf: #"\\"#.utf8)
            case UInt8(ascii: "\n"): out.append(contentsOf: #"\n"#.utf8)
            case UInt8(ascii: "\r"): out.append(contentsOf: #"\r"#.utf8)
            case UInt8(ascii: "\t"): out.append(contentsOf: #"\t"#.utf8)
            case 0..<0x20:
                let digits = Array("0123456789abcdef".utf8)
                out.append(contentsOf: #"\u00"#.utf8)
                out.append(digits[Int(u >> 4)])
                out.append(digits[Int(u & 15)])
            default: out.append(u)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
