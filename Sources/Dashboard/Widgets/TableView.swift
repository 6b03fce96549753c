/// A table with a header, a selected row that scrolls into view, and a sort marker.
public struct TableView {
    public struct Column {
        public var title: String
        public var width: Int
        public var alignLeft: Bool
        public init(_ title: String, width: Int, left: Bool = false) {
            self.title = title
            self.width = width
            alignLeft = left
        }
    }

    public var columns: [Column]
    public var rows: [[String]]
    /// Rows drawn in the marker style (e.g. under-exposed brands).
    public var marked: Set<Int> = []
    public var selected: Int?
    public var sortColumn: Int?
    public var descending = true

    public init(columns: [Column], rows: [[String]]) {
        self.columns = columns
        self.rows = rows
    }

    /// The first row shown so that `selected` is visible in `height - 1` rows.
    public func scrollOffset(height: Int) -> Int {
        let visible = max(1, height - 1)
        guard let s = selected, s >= visible else { return 0 }
        return min(s - visible + 1, max(0, rows.count - visible))
    }

    public func draw(in r: Rect, on canvas: inout Canvas, glyphs: Glyphs) {
        guard r.width > 0, r.height > 0 else { return }
        // The first left-aligned column takes what the others leave; columns that do not fit at
        // their width are left out from the right.
        var widths = columns.map(\.width)
        while widths.count > 1, widths.reduce(0, +) + widths.count - 1 > r.width { widths.removeLast() }
        let fixed = widths.reduce(0, +) + widths.count - 1
        if let flex = columns.prefix(widths.count).firstIndex(where: \.alignLeft) {
            widths[flex] = max(4, widths[flex] + r.width - fixed)
        }
        func draw(_ cells: [String], y: Int, style: Style) {
            var x = r.x
            for (c, text) in cells.enumerated() where c < widths.count {
                let w = min(widths[c], r.maxX - x)
                guard w > 0 else { break }
                let t = Canvas.truncate(text, to: w)
                let pad = columns[c].alignLeft ? 0 : w - t.count
                canvas.fill(Rect(x: x, y: y, width: w + (c + 1 < widths.count ? 1 : 0), height: 1), style: style)
                canvas.text(t, x: x + pad, y: y, style: style, maxWidth: w)
                x += w + 1
            }
        }
        var header = columns.map(\.title)
        if let s = sortColumn, s < header.count { header[s] += String(descending ? glyphs.down : glyphs.up) }
        draw(header, y: r.y, style: Style(.header, bold: true))
        let offset = scrollOffset(height: r.height)
        for (k, row) in rows.dropFirst(offset).prefix(r.height - 1).enumerated() {
            let index = offset + k
            let style: Style =
                index == selected
                ? Style(.selected, reverse: true) : marked.contains(index) ? Style(.positive) : Style(.normal)
            draw(row, y: r.y + 1 + k, style: style)
        }
    }
}
