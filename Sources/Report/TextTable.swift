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

    /// The table as lines no wider than `width`; left-aligned columns give up space first.
    public func render(width: Int = 80) -> String {
        var widths = columns.indices.map { c in
            rows.reduce(columns[c].title.count) { max($0, $1[c].count) }
        }
        let gaps = 2 * (columns.count - 1)
        var excess = widths.reduce(0, +) + gaps - width
        for c in columns.indices where columns[c].alignment == .left && excess > 0 {
            let floor = max(columns[c].title.count, 8)
            let cut = min(excess, max(0, widths[c] - floor))
            widths[c] -= cut
            excess -= cut
        }
        // Then titles longer than their column's values give way (they are cut with "…").
        for c in columns.indices where excess > 0 {
            let values = rows.reduce(0) { max($0, $1[c].count) }
            let floor = max(values, 6)
            let cut = min(excess, max(0, widths[c] - floor))
            widths[c] -= cut
            excess -= cut
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
