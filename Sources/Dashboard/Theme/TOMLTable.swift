/// The part of TOML that theme and config files use: `[sections]`, `key = value` with strings,
/// integers, floats and booleans, and `#` comments. Errors name the file and line.
public struct TOMLTable: Sendable {
    public enum Value: Equatable, Sendable {
        case string(String)
        case integer(Int)
        case float(Double)
        case bool(Bool)
    }

    /// A value with the line it was on, so later checks can name the line too.
    public struct Entry: Sendable {
        public var value: Value
        public var line: Int
    }

    /// `section.key` (or `key` at the top) → entry, in file order.
    public private(set) var entries: [(key: String, entry: Entry)] = []

    public struct ParseError: Error, CustomStringConvertible {
        public var file: String
        public var line: Int
        public var message: String
        public var description: String { "\(file):\(line): \(message)" }
    }

    public init(text: String, file: String) throws {
        var section = ""
        var firstLine: [String: Int] = [:]  // key or [section] → the line that defined it
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = i + 1
            let s = Self.stripComment(String(raw)).trimmingCharacters(in: " \t\r")
            if s.isEmpty { continue }
            if s.hasPrefix("[") {
                guard s.hasSuffix("]"), s.count > 2 else {
                    throw ParseError(file: file, line: line, message: "a section header looks like [name]")
                }
                section = String(s.dropFirst().dropLast()).trimmingCharacters(in: " ")
                if let first = firstLine["[\(section)]"] {
                    throw ParseError(
                        file: file, line: line, message: "section [\(section)] is already defined on line \(first)")
                }
                firstLine["[\(section)]"] = line
                continue
            }
            guard let eq = s.firstIndex(of: "=") else {
                throw ParseError(file: file, line: line, message: "expected key = value, found '\(s)'")
            }
            var key = String(s[..<eq]).trimmingCharacters(in: " \t")
            if key.hasPrefix("\""), key.hasSuffix("\""), key.count >= 2 { key = String(key.dropFirst().dropLast()) }
            let valueText = String(s[s.index(after: eq)...]).trimmingCharacters(in: " \t")
            guard !key.isEmpty else { throw ParseError(file: file, line: line, message: "a key is missing before '='") }
            guard let value = Self.value(valueText) else {
                throw ParseError(file: file, line: line, message: "'\(valueText)' is not a string, number or boolean")
            }
            let fullKey = section.isEmpty ? key : "\(section).\(key)"
            if let first = firstLine[fullKey] {
                throw ParseError(file: file, line: line, message: "\(key) is already set on line \(first)")
            }
            firstLine[fullKey] = line
            entries.append((fullKey, Entry(value: value, line: line)))
        }
    }

    private static func value(_ t: String) -> Value? {
        if t.hasPrefix("\"") { return basicString(t).map(Value.string) }
        if t.count >= 2, t.hasPrefix("'"), t.hasSuffix("'") { return .string(String(t.dropFirst().dropLast())) }
        if t == "true" { return .bool(true) }
        if t == "false" { return .bool(false) }
        if let i = Int(t.replacingOccurrences(of: "_", with: "")) { return .integer(i) }
        if let d = Double(t) { return .float(d) }
        return nil
    }

    /// A basic string, `"…"` with `\"`, `\\`, `\n`, `\t` and `\r` escapes, that must end at the
    /// end of `t`; nil when it does not (an escaped final quote, text after the closing one) or an
    /// escape is unknown.
    private static func basicString(_ t: String) -> String? {
        var out = ""
        var escaped = false
        var closed = false
        for c in t.dropFirst() {
            if closed { return nil }  // text after the closing quote
            if escaped {
                switch c {
                case "\"", "\\": out.append(c)
                case "n": out.append("\n")
                case "t": out.append("\t")
                case "r": out.append("\r")
                default: return nil
                }
                escaped = false
            } else if c == "\\" {
                escaped = true
            } else if c == "\"" {
                closed = true
            } else {
                out.append(c)
            }
        }
        return closed ? out : nil
    }

    /// The text before a `#` that is not inside a string (a `\"` inside a basic string does not
    /// end it).
    private static func stripComment(_ s: String) -> String {
        var inString: Character? = nil
        var escaped = false
        var out = ""
        for c in s {
            if let q = inString {
                if escaped {
                    escaped = false
                } else if q == "\"", c == "\\" {
                    escaped = true
                } else if c == q {
                    inString = nil
                }
            } else if c == "\"" || c == "'" {
                inString = c
            } else if c == "#" {
                break
            }
            out.append(c)
        }
        return out
    }
}

extension String {
    func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s.removeFirst() }
        while let l = s.last, set.contains(l) { s.removeLast() }
        return String(s)
    }
}
