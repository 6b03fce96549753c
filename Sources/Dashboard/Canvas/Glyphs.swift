/// The characters charts are drawn with: Unicode blocks where the locale is UTF-8, ASCII where it
/// is not (a plain console, `LANG=C`).
public struct Glyphs: Sendable, Equatable {
    /// Sparkline levels, lowest first.
    public var bars: [Character]
    /// Heat-map shades, lightest first (colour carries most of the meaning; shades keep it
    /// readable in monochrome).
    public var shades: [Character]
    public var emptyCell: Character
    public var horizontal: Character
    public var vertical: Character
    public var corners: (Character, Character, Character, Character)
    public var fullBlock: Character
    public var partialBlocks: [Character]
    public var ellipsis: Character
    public var up: Character
    public var down: Character

    public static let unicode = Glyphs(
        bars: ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"], shades: ["░", "▒", "▓", "█", "█"], emptyCell: "·",
        horizontal: "─", vertical: "│", corners: ("┌", "┐", "└", "┘"), fullBlock: "█",
        partialBlocks: ["▏", "▎", "▍", "▌", "▋", "▊", "▉"], ellipsis: "…", up: "▲", down: "▼")

    public static let ascii = Glyphs(
        bars: ["_", ".", "-", "~", "=", "+", "*", "#"], shades: [".", ":", "+", "#", "@"], emptyCell: " ",
        horizontal: "-", vertical: "|", corners: ("+", "+", "+", "+"), fullBlock: "#",
        partialBlocks: ["#", "#", "#", "#", "#", "#", "#"], ellipsis: "~", up: "^", down: "v")

    /// The one ASCII character that stands for `c` where only ASCII can be shown: the ASCII
    /// glyph set's own choices for blocks and lines, a look-alike for symbols used in labels, and
    /// `?` for anything else (a brand spelled with an accent).
    public static func asciiFallback(for c: Character) -> Character {
        if c.isASCII { return c }
        if let i = unicode.bars.firstIndex(of: c) { return ascii.bars[i] }
        if let i = unicode.shades.firstIndex(of: c) { return ascii.shades[i] }
        if unicode.partialBlocks.contains(c) { return ascii.fullBlock }
        switch c {
        case "─", "━", "–", "—", "═": return "-"
        case "│", "┃", "║": return "|"
        case "┌", "┐", "└", "┘", "├", "┤", "┬", "┴", "┼": return "+"
        case "★", "☆", "•", "✱": return "*"
        case "≥", "→", "›", "»", "▶", "▸": return ">"
        case "≤", "←", "‹", "«", "◀", "◂": return "<"
        case "×": return "x"
        case "·": return "."
        case "…": return ascii.ellipsis
        case "▲", "↑": return ascii.up
        case "▼", "↓": return ascii.down
        case "≈": return "~"
        case "±": return "+"
        case "€", "£": return "$"
        default: return "?"
        }
    }

    public static func == (a: Glyphs, b: Glyphs) -> Bool { a.bars == b.bars && a.shades == b.shades }
}
