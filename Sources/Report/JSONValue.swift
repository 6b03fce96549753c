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
    public func rendered(indent: Int = 0) -> String {
        switch self {
        case .string(let s): return Self.quote(s)
        case .number(let n): return n
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        case .array(let items):
            if items.isEmpty { return "[]" }
            let pad = String(repeating: "  ", count: indent + 1)
            let inner = items.map { pad + $0.rendered(indent: indent + 1) }.joined(separator: ",\n")
            return "[\n" + inner + "\n" + String(repeating: "  ", count: indent) + "]"
        case .object(let fields):
            if fields.isEmpty { return "{}" }
            if fields.allSatisfy({ $0.1.isScalar }) {
                return "{" + fields.map { Self.quote($0.0) + ": " + $0.1.rendered() }.joined(separator: ", ") + "}"
            }
            let pad = String(repeating: "  ", count: indent + 1)
            let inner = fields.map { pad + Self.quote($0.0) + ": " + $0.1.rendered(indent: indent + 1) }
                .joined(separator: ",\n")
            return "{\n" + inner + "\n" + String(repeating: "  ", count: indent) + "}"
        }
    }

    private var isScalar: Bool {
        switch self {
        case .object, .array: false
        default: true
        }
    }

    /// A JSON string literal, escaping quotes, backslashes and control characters.
    static func quote(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 {
                    let h = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - h.count) + h
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }
}
