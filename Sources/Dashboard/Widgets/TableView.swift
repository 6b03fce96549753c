/// A table with a header, a selected row that scrolls into view, and a sort marker.
public struct TableView: Widget {
    public struct Column {
        public var title: String
        public var width: Int
        public var alignLeft: Bool
        /// Which columns go first when the table is too wide: the highest number first (the
        /// rightmost of equals); 0, the default, is kept longest.
        public var dropOrder: Int
        public init(_ title: String, width: Int, left: Bool = false, dropOrder: Int = 0) {
            self.title = title
            self.width = width
            alignLeft = left
            self.dropOrder = dropOrder
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
        // Columns that do not fit at their width are left out, least important first (then from the
        // right); the first left-aligned column kept takes what the others leave.
        var kept = Array(columns.indices)
        func needed() -> Int { kept.reduce(0) { $0 + columns[$1].width } + kept.count - 1 }
        while kept.count > 1, needed() > r.width {
            let drop = kept.indices.max { (columns[kept[$0]].dropOrder, $0) < (columns[kept[$1]].dropOrder, $1) }!
            kept.remove(at: drop)
        }
        var widths = kept.map { columns[$0].width }
        let fixed = needed()
        if let flex = kept.firstIndex(where: { columns[$0].alignLeft }) {
            widths[flex] = max(4, widths[flex] + r.width - fixed)
        }
        func draw(_ cells: [String], y: Int, style: Style) {
            var x = r.x
            for (k, c) in kept.enumerated() where c < cells.count {
                let w = min(widths[k], r.maxX - x)
                guard w > 0 else { break }
                let t = Canvas.truncate(cells[c], to: w)
                let pad = columns[c].alignLeft ? 0 : w - t.count
                canvas.fill(Rect(x: x, y: y, width: w + (k + 1 < kept.count ? 1 : 0), height: 1), style: style)
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
