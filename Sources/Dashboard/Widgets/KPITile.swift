/// A key figure: its name on one row, its value on the next, a note below (the change against the
/// baseline period). On a tile two rows high the note follows the value when it fits.
public struct KPITile: Widget {
    public struct Note {
        public var text: String
        /// What follows the value on a low tile, when `text` is too long there.
        public var short: String
        public var role: StyleRole
        public init(_ text: String, short: String? = nil, _ role: StyleRole) {
            self.text = text
            self.short = short ?? text
            self.role = role
        }
    }

    public var title: String
    /// The name on a tile too narrow for `title`.
    public var shortTitle: String
    public var value: String
    public var note: Note?

    public init(_ title: String, _ value: String, shortTitle: String? = nil, note: Note? = nil) {
        self.title = title
        self.shortTitle = shortTitle ?? title
        self.value = value
        self.note = note
    }

    public func draw(in r: Rect, on canvas: inout Canvas, glyphs: Glyphs) {
        guard r.width > 2, r.height > 0 else { return }
        canvas.text(
            Canvas.fitting([title, shortTitle], width: r.width), x: r.x, y: r.y, style: Style(.dim), maxWidth: r.width)
        guard r.height > 1 else { return }
        let shown = canvas.text(value, x: r.x, y: r.y + 1, style: Style(.accent, bold: true), maxWidth: r.width)
        guard let note, !note.text.isEmpty else { return }
        if r.height > 2 {
            canvas.text(note.text, x: r.x, y: r.y + 2, style: Style(note.role), maxWidth: r.width)
        } else if let fits = [note.text, note.short].first(where: { r.x + shown + 1 + $0.count <= r.maxX }) {
            canvas.text(fits, x: r.x + shown + 1, y: r.y + 1, style: Style(note.role))
        }
    }
}
