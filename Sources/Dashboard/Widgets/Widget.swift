/// Something drawn into a rectangle of the canvas. Every widget is a value that says what it
/// shows and draws itself through this one method, so panels compose them the same way and tests
/// draw any of them alone.
public protocol Widget {
    func draw(in r: Rect, on canvas: inout Canvas, glyphs: Glyphs)
}
