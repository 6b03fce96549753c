/// Makes text from an input safe to print on a terminal: every character that is not printable
/// (C0 and C1 controls, DEL, the replacement for invalid UTF-8) is written as an escape, so a
/// rejected row or a damaged header cannot move the cursor, change colours or retitle the terminal.
public enum PrintableText {
    /// `s` with non-printable characters as `\n`, `\r`, `\t`, `\e` or `\u{…}`, and at most `limit`
    /// characters (then `…`). Escaping escaped text changes nothing, so a message built from
    /// escaped parts can be escaped again.
    public static func escape(_ s: String, limit: Int = .max) -> String {
        var out = ""
        var count = 0
        for scalar in s.unicodeScalars {
            if count == limit {
                out += "…"
                break
            }
            count += 1
            switch scalar.value {
            case 0x0A: out += "\\n"
            case 0x0D: out += "\\r"
            case 0x09: out += "\\t"
            case 0x1B: out += "\\e"
            case 0..<0x20, 0x7F..<0xA0, 0xFFFD, 0x2028, 0x2029:
                out += "\\u{" + String(scalar.value, radix: 16) + "}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Bytes decoded as UTF-8 (invalid sequences become U+FFFD, shown as `\u{fffd}`), escaped.
    public static func escape(bytes: some Collection<UInt8>, limit: Int = .max) -> String {
        escape(String(decoding: bytes, as: UTF8.self), limit: limit)
    }
}
