import Foundation

/// A grid of shaded cells — rows (categories) by columns (hours or weekdays) — on a log scale,
/// with empty cells marked apart from small ones, and a legend.
public struct Heatmap: Widget {
    public var rowLabels: [String]
    public var columnLabels: [String]
    /// values[row][column]
    public var values: [[Double]]
    public var selectedRow: Int?

    public init(rowLabels: [String], columnLabels: [String], values: [[Double]]) {
        self.rowLabels = rowLabels
        self.columnLabels = columnLabels
        self.values = values
    }

    /// The shade level (0 ..< levels) of `v` on a log scale from the smallest non-empty value
    /// `bottom` to `top`; nil for empty. A log scale keeps quiet hours apart from busy ones when
    /// one category dwarfs the rest.
    public static func level(_ v: Double, bottom: Double, top: Double, levels: Int) -> Int? {
        guard v > 0 else { return nil }
        guard top > bottom, bottom > 0 else { return levels - 1 }
        let f = (log(v) - log(bottom)) / (log(top) - log(bottom))
        return min(levels - 1, max(0, Int(f * Double(levels))))
    }

    public func draw(in r: Rect, on canvas: inout Canvas, glyphs: Glyphs) {
        guard r.width > 10, r.height > 2 else { return }
        let labelWidth = min(max(rowLabels.map(\.count).max() ?? 0, 6), max(6, r.width / 3))
        let columns = columnLabels.count
        let cellWidth = max(1, min(4, (r.width - labelWidth - 1) / max(columns, 1)))
        let top = values.flatMap { $0 }.max() ?? 0
        let bottom = values.flatMap { $0 }.filter { $0 > 0 }.min() ?? 0
        let levels = StyleRole.heat.count
        // Column header: every label that fits.
        for (c, label) in columnLabels.enumerated() {
            let x = r.x + labelWidth + 1 + c * cellWidth
            if cellWidth >= label.count || c % max(1, (label.count + 1) / cellWidth) == 0 {
                canvas.text(label, x: x, y: r.y, style: Style(.dim), maxWidth: r.maxX - x)
            }
        }
        let rowsShown = min(rowLabels.count, r.height - 2)
        for row in 0..<rowsShown {
            let y = r.y + 1 + row
            let selected = row == selectedRow
            canvas.text(
                rowLabels[row], x: r.x, y: y, style: Style(selected ? .selected : .normal, reverse: selected),
                maxWidth: labelWidth)
            for c in 0..<min(columns, values[row].count) {
                let x = r.x + labelWidth + 1 + c * cellWidth
                let level = Self.level(values[row][c], bottom: bottom, top: top, levels: levels)
                let (ch, role): (Character, StyleRole) =
                    level.map { (glyphs.shades[$0], StyleRole.heat[$0]) } ?? (glyphs.emptyCell, .heatEmpty)
                for k in 0..<cellWidth where x + k < r.maxX && (k < cellWidth - 1 || cellWidth == 1) {
                    canvas.put(ch, x: x + k, y: y, style: Style(role))
                }
            }
        }
        // Legend: empty, then the levels from low to high.
        let ly = r.y + rowsShown + 1
        guard ly < r.maxY else { return }
        var x = r.x
        x += canvas.text("scale (log): ", x: x, y: ly, style: Style(.dim))
        canvas.put(glyphs.emptyCell, x: x, y: ly, style: Style(.heatEmpty))
        x += 2
        x += canvas.text("none ", x: x, y: ly, style: Style(.dim))
        for l in 0..<levels {
            canvas.put(glyphs.shades[l], x: x, y: ly, style: Style(StyleRole.heat[l]))
            x += 1
        }
        canvas.text(" \(Self.short(bottom)) to \(Self.short(top))", x: x, y: ly, style: Style(.dim))
    }

    /// 1234 → 1.2k, 1234567 → 1.2M.
    public static func short(_ v: Double) -> String {
        switch v {
        case ..<1_000: return String(Int(v))
        case ..<1_000_000: return String(Int(v / 100) / 10) + "." + String(Int(v / 100) % 10) + "k"
        default: return String(Int(v / 100_000) / 10) + "." + String(Int(v / 100_000) % 10) + "M"
        }
    }
}
