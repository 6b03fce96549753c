/// A frame with a title around the widgets inside it.
public struct Box: Widget {
    public var title: String
    public var focused: Bool

    public init(_ title: String, focused: Bool = false) {
        self.title = title
        self.focused = focused
    }

    public func draw(in r: Rect, on canvas: inout Canvas, glyphs: Glyphs) {
        guard r.width >= 2, r.height >= 2 else { return }
        let border = Style(focused ? .accent : .border)
        let (tl, tr, bl, br) = glyphs.corners
        canvas.put(tl, x: r.x, y: r.y, style: border)
        canvas.put(tr, x: r.maxX - 1, y: r.y, style: border)
        canvas.put(bl, x: r.x, y: r.maxY - 1, style: border)
        canvas.put(br, x: r.maxX - 1, y: r.maxY - 1, style: border)
        for x in (r.x + 1)..<(r.maxX - 1) {
            canvas.put(glyphs.horizontal, x: x, y: r.y, style: border)
            canvas.put(glyphs.horizontal, x: x, y: r.maxY - 1, style: border)
        }
        for y in (r.y + 1)..<(r.maxY - 1) {
            canvas.put(glyphs.vertical, x: r.x, y: y, style: border)
            canvas.put(glyphs.vertical, x: r.maxX - 1, y: y, style: border)
        }
        if !title.isEmpty, r.width > 4 {
            canvas.text(" \(title) ", x: r.x + 1, y: r.y, style: Style(.title, bold: true), maxWidth: r.width - 2)
        }
    }

    /// Draws a box titled `title` around `r` and returns the rectangle inside it, where the
    /// panel puts what the box holds.
    @discardableResult
    public static func draw(
        _ title: String, in r: Rect, on canvas: inout Canvas, glyphs: Glyphs, focused: Bool = false
    ) -> Rect {
        guard r.width >= 2, r.height >= 2 else { return Rect(x: r.x, y: r.y, width: 0, height: 0) }
        Box(title, focused: focused).draw(in: r, on: &canvas, glyphs: glyphs)
        return r.inset(1)
    }
}
