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
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = i + 1
            let s = Self.stripComment(String(raw)).trimmingCharacters(in: " \t\r")
            if s.isEmpty { continue }
            if s.hasPrefix("[") {
                guard s.hasSuffix("]"), s.count > 2 else {
                    throw ParseError(file: file, line: line, message: "a section header looks like [name]")
                }
                section = String(s.dropFirst().dropLast()).trimmingCharacters(in: " ")
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
            entries.append((section.isEmpty ? key : "\(section).\(key)", Entry(value: value, line: line)))
        }
    }

    private static func value(_ t: String) -> Value? {
        if t.count >= 2, t.hasPrefix("\""), t.hasSuffix("\"") {
            var out = ""
            var escaped = false
            for c in t.dropFirst().dropLast() {
                if escaped {
                    out.append(c == "n" ? "\n" : c == "t" ? "\t" : c)
                    escaped = false
                } else if c == "\\" {
                    escaped = true
                } else {
                    out.append(c)
                }
            }
            return .string(out)
        }
        if t.count >= 2, t.hasPrefix("'"), t.hasSuffix("'") { return .string(String(t.dropFirst().dropLast())) }
        if t == "true" { return .bool(true) }
        if t == "false" { return .bool(false) }
        if let i = Int(t.replacingOccurrences(of: "_", with: "")) { return .integer(i) }
        if let d = Double(t) { return .float(d) }
        return nil
    }

    /// The text before a `#` that is not inside a string.
    private static func stripComment(_ s: String) -> String {
        var inString: Character? = nil
        var out = ""
        for c in s {
            if let q = inString {
                if c == q { inString = nil }
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
