/// Horizontal bars with labels and values, one row each, scaled to the largest value.
public struct BarChart: Widget {
    public struct Bar {
        public var label: String
        public var value: Double
        public var text: String
        public init(_ label: String, _ value: Double, _ text: String) {
            self.label = label
            self.value = value
            self.text = text
        }
    }

    public var bars: [Bar]
    public var style: Style

    public init(_ bars: [Bar], style: Style = Style(.chart)) {
        self.bars = bars
        self.style = style
    }

    public func draw(in r: Rect, on canvas: inout Canvas, glyphs: Glyphs) {
        guard r.width > 8, r.height > 0 else { return }
        let shown = Array(bars.prefix(r.height))
        let labelWidth = min(max(shown.map(\.label.count).max() ?? 0, 3), r.width / 3)
        let textWidth = shown.map(\.text.count).max() ?? 0
        let barWidth = max(1, r.width - labelWidth - textWidth - 2)
        let top = shown.map(\.value).max() ?? 0
        for (i, bar) in shown.enumerated() {
            let y = r.y + i
            canvas.text(bar.label, x: r.x, y: y, style: Style(.normal), maxWidth: labelWidth)
            let eighths = top > 0 ? Int((bar.value / top) * Double(barWidth * 8)) : 0
            for k in 0..<(eighths / 8) { canvas.put(glyphs.fullBlock, x: r.x + labelWidth + 1 + k, y: y, style: style) }
            if eighths % 8 > 0 {
                canvas.put(
                    glyphs.partialBlocks[eighths % 8 - 1], x: r.x + labelWidth + 1 + eighths / 8, y: y, style: style)
            }
            let tx = r.maxX - bar.text.count
            canvas.text(bar.text, x: tx, y: y, style: Style(.dim))
        }
    }
}
