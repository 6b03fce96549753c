/// A grid of cells — a character and a style each — that widgets draw into and a terminal
/// shows. It knows nothing of curses, so every panel can be rendered and compared in tests.
public struct Canvas: Equatable, Sendable {
    public struct Cell: Equatable, Sendable {
        public var character: Character
        public var style: Style
    }

    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: Cell(character: " ", style: .normal), count: self.width * self.height)
    }

    public var bounds: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set {
            guard x >= 0, y >= 0, x < width, y < height else { return }
            cells[y * width + x] = newValue
        }
    }

    /// Puts one character; outside the canvas or `clip` it is dropped.
    public mutating func put(_ c: Character, x: Int, y: Int, style: Style = .normal, clip: Rect? = nil) {
        if let clip, x < clip.x || x >= clip.maxX || y < clip.y || y >= clip.maxY { return }
        self[x, y] = Cell(character: Self.singleWidth(c), style: style)
    }

    /// Writes text from (x, y), cut at `maxWidth` columns (with `…` when cut).
    @discardableResult
    public mutating func text(_ s: String, x: Int, y: Int, style: Style = .normal, maxWidth: Int? = nil) -> Int {
        let limit = maxWidth ?? (width - x)
        guard limit > 0 else { return 0 }
        let shown = Canvas.truncate(s, to: limit)
        var cx = x
        for c in shown {
            put(c, x: cx, y: y, style: style)
            cx += 1
        }
        return shown.count
    }

    /// Fills a rectangle with a character.
    public mutating func fill(_ r: Rect, _ c: Character = " ", style: Style = .normal) {
        for y in r.y..<r.maxY {
            for x in r.x..<r.maxX { put(c, x: x, y: y, style: style) }
        }
    }

    /// The canvas as plain text, one line per row, trailing spaces kept: what snapshot tests
    /// compare and what a user would read.
    public var text: String {
        (0..<height).map { y in String((0..<width).map { self[$0, y].character }) }.joined(separator: "\n")
    }

    /// Style runs per row, as `row: start-end role[+bold][+reverse]`, for snapshot tests of colour.
    public var styleRuns: String {
        var lines: [String] = []
        for y in 0..<height {
            var runs: [String] = []
            var start = 0
            for x in 1...width {
                if x == width || self[x, y].style != self[start, y].style {
                    let s = self[start, y].style
                    if s != .normal {
                        runs.append("\(start)-\(x - 1) \(s.role)\(s.bold ? "+bold" : "")\(s.reverse ? "+reverse" : "")")
                    }
                    start = x
                }
            }
            if !runs.isEmpty { lines.append("\(y): " + runs.joined(separator: ", ")) }
        }
        return lines.joined(separator: "\n")
    }

    /// The first of `options` (longest first) that fits `width` whole, or the last one, to be cut:
    /// how a label or title degrades on a narrow screen — shorter words before an ellipsis.
    public static func fitting(_ options: [String], width: Int) -> String {
        options.first { $0.count <= width } ?? options.last ?? ""
    }

    /// `s` cut to `width` characters, ending in `…` when cut.
    public static func truncate(_ s: String, to width: Int) -> String {
        guard width > 0 else { return "" }
        return s.count <= width ? s : String(s.prefix(width - 1)) + "…"
    }

    /// The canvas with every character a terminal outside a UTF-8 locale can show: each cell
    /// keeps one column, so a `★`, `≥` or `→` in a label becomes `*`, `>` or `>` instead of vanishing
    /// and pulling the rest of the row (the borders) one column left.
    public func asciiFolded() -> Canvas {
        var folded = self
        for i in folded.cells.indices where !folded.cells[i].character.isASCII {
            folded.cells[i].character = Glyphs.asciiFallback(for: folded.cells[i].character)
        }
        return folded
    }

    /// Cells are one column wide; a character that is not (CJK, emoji) shows as `?` rather than
    /// shifting the rest of the row.
    private static func singleWidth(_ c: Character) -> Character {
        guard let v = c.unicodeScalars.first?.value else { return " " }
        if v < 0x20 || v == 0x7F { return " " }
        if c.unicodeScalars.count > 1
            || (v >= 0x1100
                && (v <= 0x115F || (v >= 0x2E80 && v <= 0xA4CF) || (v >= 0xAC00 && v <= 0xD7A3)
                    || (v >= 0xF900 && v <= 0xFAFF) || (v >= 0xFE30 && v <= 0xFE4F) || (v >= 0xFF00 && v <= 0xFF60)
                    || (v >= 0xFFE0 && v <= 0xFFE6) || v >= 0x1F300))
        {
            return "?"
        }
        return c
    }
}
