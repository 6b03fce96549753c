/// A chart of a series in eight levels a row (`▁▂▃▄▅▆▇█`), scaled to its maximum, across the
/// whole width of its box: a short series is spread (each value a few columns wide), a long one
/// binned (consecutive values summed), so column `c` always shows values from
/// `count × c / width` on (``ChartAxis`` labels the columns by the same rule). Values flagged in
/// `marks` (anomalies) draw their column in `markStyle`.
public struct Sparkline: Widget {
    public var values: [Double]
    public var style: Style
    /// One flag a value (or none): flagged values draw their column in `markStyle`.
    public var marks: [Bool]
    public var markStyle: Style

    public init(
        _ values: [Double], style: Style = Style(.chart), marks: [Bool] = [],
        markStyle: Style = Style(.warning, bold: true)
    ) {
        self.values = values
        self.style = style
        self.marks = marks
        self.markStyle = markStyle
    }

    public func draw(in r: Rect, on canvas: inout Canvas, glyphs: Glyphs) {
        guard r.width > 0, r.height > 0 else { return }
        let series = Self.columns(values, width: r.width)
        let marked = marks.count == values.count ? Self.markedColumns(marks, width: r.width) : []
        let top = series.max() ?? 0
        let levels = glyphs.bars.count
        // Several rows stack: each full row is a full bar, the top one a partial bar.
        let total = levels * r.height
        for (i, v) in series.enumerated() {
            let x = r.x + i
            let style = i < marked.count && marked[i] ? markStyle : style
            let height = top > 0 ? max(v > 0 ? 1 : 0, Int((v / top) * Double(total) + 0.5)) : 0
            for row in 0..<r.height {
                let filled = height - row * levels
                let y = r.maxY - 1 - row
                if filled >= levels {
                    canvas.put(glyphs.bars[levels - 1], x: x, y: y, style: style)
                } else if filled > 0 {
                    canvas.put(glyphs.bars[filled - 1], x: x, y: y, style: style)
                } else if row == 0, top > 0 {
                    canvas.put(glyphs.bars[0], x: x, y: y, style: Style(.dim))
                }
            }
        }
    }

    /// Whether each column shows a marked value (by the rule of ``columns(_:width:)``).
    static func markedColumns(_ marks: [Bool], width: Int) -> [Bool] {
        guard width > 0, !marks.isEmpty else { return [] }
        return (0..<width).map { i in
            let a = marks.count * i / width
            let b = marks.count * (i + 1) / width
            return marks.count >= width ? marks[a..<max(b, a + 1)].contains(true) : marks[a]
        }
    }

    /// One value a column: consecutive values summed when there are more values than columns,
    /// each value repeated over its columns when there are fewer.
    public static func columns(_ values: [Double], width: Int) -> [Double] {
        guard width > 0, !values.isEmpty else { return [] }
        return (0..<width).map { i in
            let a = values.count * i / width
            let b = values.count * (i + 1) / width
            return values.count >= width ? values[a..<max(b, a + 1)].reduce(0, +) : values[a]
        }
    }
}
