/// A bar that fills with `fraction`, with a label over it.
public struct ProgressBar: Widget {
    public var fraction: Double
    public var label: String

    public init(fraction: Double, label: String) {
        self.fraction = fraction
        self.label = label
    }

    public func draw(in r: Rect, on canvas: inout Canvas, glyphs: Glyphs) {
        guard r.width > 2, r.height > 0 else { return }
        let f = min(1, max(0, fraction))
        let filled = Int(Double(r.width) * f)
        for x in 0..<r.width {
            canvas.put(
                x < filled ? glyphs.fullBlock : (glyphs == .ascii ? "." : "░"), x: r.x + x, y: r.y,
                style: Style(x < filled ? .progress : .dim))
        }
        let text = Canvas.truncate(label, to: r.width)
        let x0 = r.x + (r.width - text.count) / 2
        for (i, c) in text.enumerated() {
            let x = x0 + i
            canvas.put(
                c, x: x, y: r.y,
                style: Style(x - r.x < filled ? .progress : .normal, bold: true, reverse: x - r.x < filled))
        }
    }
}
