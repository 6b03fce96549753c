/// Where a canvas is shown and keys come from. The ncurses terminal is the only code that talks
/// to curses; tests use ``MemoryTerminal``.
public protocol Terminal: AnyObject {
    /// Columns and rows now.
    var size: (width: Int, height: Int) { get }
    /// Whether block and box-drawing characters can be shown (a UTF-8 locale).
    var unicode: Bool { get }
    /// Shows a canvas in one update, drawing only what changed.
    func present(_ canvas: Canvas, theme: Theme)
    /// The next key, waiting at most `milliseconds`; nil when none came.
    func readKey(milliseconds: Int) -> Key?
    /// Forgets what is on screen so the next `present` redraws everything (Ctrl-L).
    func invalidate()
    /// Gives the terminal back and stops the process as Ctrl-Z does in a shell; returns when the
    /// job is continued (`fg`), with the screen to be drawn again.
    func suspend()
}

/// A terminal in memory: keys are queued by the test; the last canvas presented is kept (and how
/// many were), so a long-running test holds one screen, not every frame.
public final class MemoryTerminal: Terminal {
    public var size: (width: Int, height: Int)
    public var unicode = true
    public var keys: [Key] = []
    public private(set) var screen: Canvas?
    public private(set) var framesPresented = 0
    public private(set) var suspensions = 0

    public init(width: Int, height: Int) { size = (width, height) }

    public func present(_ canvas: Canvas, theme: Theme) {
        screen = unicode ? canvas : canvas.asciiFolded()
        framesPresented += 1
    }

    public func readKey(milliseconds: Int) -> Key? { keys.isEmpty ? nil : keys.removeFirst() }

    public func invalidate() {}

    public func suspend() { suspensions += 1 }
}
