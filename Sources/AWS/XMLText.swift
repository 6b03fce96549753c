/// The little of XML that S3's answers need: the texts of the elements of one name, entities
/// decoded. S3's listing is flat (`<Contents><Key>…</Key><Size>…</Size></Contents>`), so a scan
/// for tags is exact and needs no XML library.
enum XMLText {
    /// The inner texts of every `<name>…</name>` in `text`, in order.
    static func elements(_ name: String, in text: Substring) -> [Substring] {
        var out: [Substring] = []
        var rest = text[...]
        let open = "<\(name)>"
        let close = "</\(name)>"
        while let a = rest.range(of: open), let b = rest[a.upperBound...].range(of: close) {
            out.append(rest[a.upperBound..<b.lowerBound])
            rest = rest[b.upperBound...]
        }
        return out
    }

    /// The first `<name>…</name>` in `text`, entities decoded.
    static func first(_ name: String, in text: Substring) -> String? {
        elements(name, in: text).first.map { unescape(String($0)) }
    }

    /// `&amp;` `&lt;` `&gt;` `&quot;` `&apos;` and numeric references as their characters.
    static func unescape(_ s: String) -> String {
        guard s.contains("&") else { return s }
        var out = ""
        var rest = s[...]
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            guard let semi = rest[amp...].firstIndex(of: ";") else { break }
            let entity = rest[rest.index(after: amp)..<semi]
            switch entity {
            case "amp": out += "&"
            case "lt": out += "<"
            case "gt": out += ">"
            case "quot": out += "\""
            case "apos": out += "'"
            default:
                let hex = entity.hasPrefix("#x") || entity.hasPrefix("#X")
                let digits = entity.dropFirst(hex ? 2 : 1)
                if entity.hasPrefix("#"), let v = UInt32(digits, radix: hex ? 16 : 10), let u = Unicode.Scalar(v) {
                    out.unicodeScalars.append(u)
                } else {
                    out += rest[amp...semi]
                }
            }
            rest = rest[rest.index(after: semi)...]
        }
        return out + rest
    }
}
