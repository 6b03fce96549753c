/// A frame with a title; returns the rectangle inside it.
public enum Box {
    @discardableResult
    public static func draw(
        _ title: String, in r: Rect, on canvas: inout Canvas, glyphs: Glyphs,
        focused: Bool = false
    ) -> Rect {
        guard r.width >= 2, r.height >= 2 else { return Rect(x: r.x, y: r.y, width: 0, height: 0) }
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
        return r.inset(1)
    }
}
