/// Splits a command line into a program and its arguments the way a POSIX shell splits words,
/// without running a shell: no variables, globs, pipes or redirections.
///
/// Words are separated by blanks; `'…'` keeps everything inside as it is; `"…"` keeps everything
/// but `\"` and `\\`; a backslash outside quotes keeps the next character. So
/// `notify-send 'possible DDoS'` is two words, as a user typing it expects.
public enum CommandWords {
    /// Why a command line could not be split.
    public struct Error: Swift.Error, CustomStringConvertible {
        public let description: String
    }

    public static func split(_ line: String) throws -> [String] {
        var words: [String] = []
        var word = ""
        var inWord = false
        var chars = Array(line)[...]
        while let c = chars.popFirst() {
            switch c {
            case " ", "\t", "\n":
                if inWord { words.append(word) }
                word = ""
                inWord = false
            case "'":
                inWord = true
                guard let end = chars.firstIndex(of: "'") else {
                    throw Error(description: "a ' is not closed in: \(line)")
                }
                word += String(chars[..<end])
                chars = chars[(end + 1)...]
            case "\"":
                inWord = true
                var closed = false
                while let d = chars.popFirst() {
                    if d == "\"" {
                        closed = true
                        break
                    }
                    if d == "\\", let e = chars.first, e == "\"" || e == "\\" {
                        word.append(e)
                        chars = chars.dropFirst()
                    } else {
                        word.append(d)
                    }
                }
                guard closed else { throw Error(description: "a \" is not closed in: \(line)") }
            case "\\":
                inWord = true
                if let d = chars.popFirst() { word.append(d) }
            default:
                inWord = true
                word.append(c)
            }
        }
        if inWord { words.append(word) }
        return words
    }
}
