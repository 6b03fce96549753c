/// The screen's frame: the tab bar on top and the status line at the bottom.
public enum Chrome {
    static let brand = " ecomdash "

    /// Where the tab bar puts each tab in a bar `width` columns wide: the tab's index, label and
    /// columns from the bar's left edge, and whether the name is shown. Titles give way to short
    /// ones, then to numbers, as the width shrinks; the active panel always keeps its name.
    /// Drawing and mouse clicks both use it, so a click lands on the tab it is drawn on.
    public static func tabLayout(
        _ titles: [String], short: [String], active: Int, width: Int
    )
        -> (brand: Bool, tabs: [(index: Int, label: String, columns: Range<Int>)])
    {
        func labels(_ names: [String], numbersOnly: Bool) -> [String] {
            names.enumerated().map { i, t in numbersOnly && i != active ? " \(i + 1) " : " \(i + 1) \(t) " }
        }
        var chosen = labels(titles, numbersOnly: false)
        var showBrand = true
        let needed = { (l: [String], b: Bool) in l.reduce(0) { $0 + $1.count + 1 } + (b ? brand.count : 0) }
        if needed(chosen, showBrand) > width { chosen = labels(short, numbersOnly: false) }
        if needed(chosen, showBrand) > width { showBrand = false }
        if needed(chosen, showBrand) > width { chosen = labels(short, numbersOnly: true) }
        var x = showBrand ? brand.count : 0
        var tabs: [(index: Int, label: String, columns: Range<Int>)] = []
        for (i, label) in chosen.enumerated() {
            guard x + label.count <= width else { break }
            tabs.append((i, label, x..<(x + label.count)))
            x += label.count + 1
        }
        return (showBrand, tabs)
    }

    /// Panel titles with their number keys; the active one highlighted (see ``tabLayout``).
    public static func tabBar(_ titles: [String], short: [String], active: Int, in r: Rect, on canvas: inout Canvas) {
        canvas.fill(r, style: Style(.tabInactive))
        let layout = tabLayout(titles, short: short, active: active, width: r.width)
        if layout.brand { canvas.text(brand, x: r.x, y: r.y, style: Style(.accent, bold: true)) }
        for tab in layout.tabs {
            let style = tab.index == active ? Style(.tabActive, bold: true, reverse: true) : Style(.tabInactive)
            canvas.text(tab.label, x: r.x + tab.columns.lowerBound, y: r.y, style: style)
        }
    }

    /// The status line: filter and state on the left, key hints on the right.
    /// The status line: `left` (the filter and the counts) first; of the key hints on the right,
    /// as many as the rest of the line holds, from the first.
    public static func statusBar(left: String, hints: [String], in r: Rect, on canvas: inout Canvas) {
        canvas.fill(r, style: Style(.statusBar))
        var right = ""
        for h in hints {
            let next = right.isEmpty ? h : right + "  " + h
            guard left.count + next.count + 4 <= r.width else { break }
            right = next
        }
        canvas.text(left, x: r.x + 1, y: r.y, style: Style(.statusBar), maxWidth: r.width - right.count - 3)
        canvas.text(right, x: r.maxX - right.count - 1, y: r.y, style: Style(.statusKey))
    }

    /// A message in the middle of the screen (too small, loading, empty).
    public static func centered(_ lines: [String], on canvas: inout Canvas, style: Style = Style(.warning, bold: true))
    {
        let y0 = max(0, (canvas.height - lines.count) / 2)
        for (i, line) in lines.enumerated() {
            let t = Canvas.truncate(line, to: canvas.width)
            canvas.text(t, x: max(0, (canvas.width - t.count) / 2), y: y0 + i, style: style)
        }
    }

    /// A framed box over the panel, e.g. the help or the filter editor.
    public static func overlay(title: String, lines: [String], on canvas: inout Canvas, glyphs: Glyphs) {
        let w = min(canvas.width - 2, max(title.count + 6, (lines.map(\.count).max() ?? 0) + 4))
        let h = min(canvas.height - 2, lines.count + 2)
        guard w > 4, h > 2 else { return }
        let r = Rect(x: (canvas.width - w) / 2, y: (canvas.height - h) / 2, width: w, height: h)
        canvas.fill(r, style: Style(.overlay))
        let inner = Box.draw(title, in: r, on: &canvas, glyphs: glyphs, focused: true)
        for (i, line) in lines.prefix(inner.height).enumerated() {
            canvas.text(line, x: inner.x + 1, y: inner.y + i, style: Style(.overlay), maxWidth: inner.width - 1)
        }
    }
}
