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

    public static func == (a: Glyphs, b: Glyphs) -> Bool { a.bars == b.bars && a.shades == b.shades }
}
