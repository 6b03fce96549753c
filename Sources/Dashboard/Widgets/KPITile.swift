/// A key figure: its name on one row, its value on the next, a note below.
public enum KPITile {
    public static func draw(title: String, value: String, note: String = "", in r: Rect, on canvas: inout Canvas) {
        guard r.width > 2, r.height > 0 else { return }
        canvas.text(title, x: r.x, y: r.y, style: Style(.dim), maxWidth: r.width)
        if r.height > 1 { canvas.text(value, x: r.x, y: r.y + 1, style: Style(.accent, bold: true), maxWidth: r.width) }
        if r.height > 2, !note.isEmpty { canvas.text(note, x: r.x, y: r.y + 2, style: Style(.dim), maxWidth: r.width) }
    }
}
