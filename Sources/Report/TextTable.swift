/// A plain-text table: titled columns, numbers right-aligned, labels cut with `…` so the whole
/// table fits a width.
public struct TextTable {
    public enum Alignment { case left, right }

    public struct Column {
        var title: String
        var alignment: Alignment
        public init(_ title: String, _ alignment: Alignment = .right) {
            self.title = title
            self.alignment = alignment
        }
    }

    var columns: [Column]
    var rows: [[String]] = []

    public init(_ columns: [Column]) { self.columns = columns }

    public mutating func add(_ row: [String]) { rows.append(row) }

    /// The table as lines no wider than `width`. Numbers are never cut; labels and long titles
    /// give way, widest first, down to a readable minimum, and are cut with "…".
    public func render(width: Int = 80) -> String {
        let longest = columns.indices.map { c in rows.reduce(0) { max($0, $1[c].count) } }
        var widths = columns.indices.map { max(columns[$0].title.count, longest[$0]) }
        let floors = columns.indices.map { c in
            columns[c].alignment == .right ? max(longest[c], 4) : min(max(longest[c], columns[c].title.count), 12)
        }
        var excess = widths.reduce(0, +) + 2 * (columns.count - 1) - width
        while excess > 0 {
            guard
                let c = columns.indices.filter({ widths[$0] > floors[$0] })
                    .max(by: { widths[$0] - floors[$0] < widths[$1] - floors[$1] })
            else { break }
            widths[c] -= 1
            excess -= 1
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { c, text in
                let t = Self.fit(text, widths[c])
                let pad = String(repeating: " ", count: widths[c] - t.count)
                return columns[c].alignment == .left ? t + pad : pad + t
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }
        var out = [line(columns.map(\.title))]
        out.append(widths.map { String(repeating: "─", count: $0) }.joined(separator: "  "))
        out += rows.map(line)
        return out.joined(separator: "\n") + "\n"
    }

    static func fit(_ s: String, _ width: Int) -> String {
        s.count <= width ? s : String(s.prefix(max(0, width - 1))) + "…"
    }
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        var s = Substring(self)
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}
