import CNCursesw
import CSupport
import Foundation

/// The real terminal, through ncursesw: one `doupdate` per frame, colours by pair, wide
/// characters, keys with a timeout so the loop ticks.
public final class NCursesTerminal: Terminal {
    private let window: UnsafeMutablePointer<WINDOW>
    public let unicode: Bool
    private let colorDepth: Int
    private var pairs: [PairKey: (attr: attr_t, pair: Int32)] = [:]
    private var themeName = ""

    private struct PairKey: Hashable {
        var role: StyleRole
        var bold: Bool
        var reverse: Bool
    }

    // Attribute bits (the A_* macros do not import into Swift).
    private static let bold = attr_t(1) << (8 + 13)
    private static let reverse = attr_t(1) << (8 + 10)
    private static let dim = attr_t(1) << (8 + 12)

    /// The terminal type is not one terminfo knows: curses cannot draw on it.
    public struct UnknownTerminal: Error, CustomStringConvertible {
        public var term: String
        public init(term: String) { self.term = term }
        public var description: String {
            "the terminal type '\(term)' is not known to terminfo: set TERM to one that is (xterm-256color, "
                + "screen, …), or use `ecomdash report` for a text report"
        }
    }

    /// Whether `TERM` names a terminal curses can draw on (asked before anything is set up).
    public static var isKnownTerminal: Bool { ecomdash_terminal_known() != 0 }

    /// Starts curses. `color` false draws with attributes only (`NO_COLOR`, `--no-color`);
    /// `mouse` reports clicks and the wheel (the terminal then selects text with Shift held).
    ///
    /// - Throws: ``UnknownTerminal`` when `TERM` names a terminal terminfo does not know (curses
    ///   would otherwise end the process on the spot).
    public init(color: Bool, mouse: Bool = true) throws {
        guard ecomdash_terminal_known() != 0 else {
            throw UnknownTerminal(term: ProcessInfo.processInfo.environment["TERM"] ?? "")
        }
        unicode = Self.setUpLocale()
        Self.receiveResizes()
        window = initscr()!
        raw()  // Ctrl-C arrives as a key, so quitting always restores the terminal
        noecho()
        keypad(window, true)
        curs_set(0)
        set_escdelay(25)
        if mouse {
            mousemask(ecomdash_mouse_mask(), nil)
            mouseinterval(0)  // a press is reported at once, not held back to detect a click
        }
        if color, has_colors() {
            start_color()
            use_default_colors()
            colorDepth = Int(ecomdash_colors())
        } else {
            colorDepth = 0
        }
    }

    deinit { endwin() }

    /// Ends curses and restores the terminal.
    public func close() { endwin() }

    public var size: (width: Int, height: Int) { (Int(getmaxx(window)), Int(getmaxy(window))) }

    public func invalidate() { clearok(window, true) }

    /// In raw mode Ctrl-Z reaches the program as a key, not as SIGTSTP: do what the terminal
    /// driver would have done. The screen is handed back first and taken again on `fg`. A process
    /// whose SIGTSTP is ignored has no job control to return to (a non-interactive parent): it
    /// stays.
    public func suspend() {
        if ecomdash_signal_ignored(SIGTSTP) != 0 { return }
        let previous = signal(SIGTSTP, SIG_DFL)  // curses may have its own handler: stop for real
        defer { signal(SIGTSTP, previous) }
        endwin()
        kill(0, SIGTSTP)  // the whole job, as the terminal driver stops it; returns on SIGCONT
        clearok(window, true)
        wrefresh(window)
    }

    public func present(_ canvas: Canvas, theme: Theme) {
        let canvas = unicode ? canvas : canvas.asciiFolded()
        if theme.name != themeName {
            pairs = [:]
            themeName = theme.name
        }
        let (w, h) = size
        for y in 0..<min(h, canvas.height) {
            var x = 0
            let width = min(w, canvas.width)
            while x < width {
                let style = canvas[x, y].style
                var run: [wchar_t] = []
                var end = x
                while end < width, canvas[end, y].style == style {
                    // The last cell of the screen cannot be written without scrolling: skip it.
                    if y == h - 1, end == w - 1 { break }
                    run.append(wchar_t(bitPattern: canvas[end, y].character.unicodeScalars.first!.value))
                    end += 1
                }
                if run.isEmpty { break }
                var (attr, pair) = look(style, theme)
                wattr_set(window, attr, Int16(truncatingIfNeeded: pair), &pair)
                run.withUnsafeBufferPointer {
                    _ = mvwaddnwstr(window, Int32(y), Int32(x), $0.baseAddress, Int32($0.count))
                }
                x = end
            }
        }
        wnoutrefresh(window)
        doupdate()
    }

    public func readKey(milliseconds: Int) -> Key? {
        wtimeout(window, Int32(milliseconds))
        var ch: wint_t = 0
        let rc = wget_wch(window, &ch)
        if rc == ERR { return nil }
        if rc == KEY_CODE_YES {
            switch Int32(ch) {
            case KEY_UP: return .up
            case KEY_DOWN: return .down
            case KEY_LEFT: return .left
            case KEY_RIGHT: return .right
            case KEY_PPAGE: return .pageUp
            case KEY_NPAGE: return .pageDown
            case KEY_HOME: return .home
            case KEY_END: return .end
            case KEY_BTAB: return .backTab
            case KEY_ENTER: return .enter
            case KEY_BACKSPACE: return .backspace
            case KEY_RESIZE: return .resize
            case KEY_MOUSE:
                var event = MEVENT()
                guard getmouse(&event) == OK else { return nil }
                switch ecomdash_mouse_button(event.bstate) {
                case 1: return .click(x: Int(event.x), y: Int(event.y))
                case 4: return .wheelUp
                case 5: return .wheelDown
                default: return nil
                }
            default: return nil
            }
        }
        switch ch {
        case 9: return .tab
        case 10, 13: return .enter
        case 27: return .escape
        case 8, 127: return .backspace
        case 1...26: return .control(Character(UnicodeScalar(UInt8(ch) + 96)))
        default: return UnicodeScalar(UInt32(ch)).map { .character(Character($0)) }
        }
    }

    /// Colour pair and attributes of a style under a theme, allocated once per theme.
    private func look(_ style: Style, _ theme: Theme) -> (attr_t, Int32) {
        let key = PairKey(role: style.role, bold: style.bold, reverse: style.reverse)
        if let p = pairs[key] { return p }
        let l = theme.look(style.role)
        var attr: attr_t = 0
        if style.bold || l.bold { attr |= Self.bold }
        if style.reverse { attr |= Self.reverse }
        var pair: Int32 = 0
        if colorDepth >= 8, !theme.monochrome {
            let fg = l.foreground.map(color) ?? -1
            let bg = l.background.map(color) ?? -1
            if fg != -1 || bg != -1 { pair = alloc_pair(fg, bg) }
            if pair < 0 { pair = 0 }
        } else {
            attr |= Self.monochrome(style.role)
        }
        pairs[key] = (attr, pair)
        return (attr, pair)
    }

    private func color(_ c: RGB) -> Int32 {
        switch colorDepth {
        case 0x100_0000...: Int32(c.direct)
        case 256...: Int32(c.xterm256)
        case 16...: Int32(c.ansi(count: 16))
        default: Int32(c.ansi(count: 8))
        }
    }

    /// Without colour, roles read by emphasis alone.
    private static func monochrome(_ role: StyleRole) -> attr_t {
        switch role {
        case .title, .accent, .header, .warning, .heat5, .tabActive: bold
        case .selected, .progress, .statusBar, .statusKey: reverse
        case .dim, .border, .heatEmpty, .tabInactive: dim
        default: 0
        }
    }

    /// A program started from a thread that blocks or ignores SIGWINCH inherits that, and curses
    /// would never hear of a resize: take the signal back before curses installs its handler.
    private static func receiveResizes() {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGWINCH)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
        signal(SIGWINCH, SIG_DFL)
    }

    /// Sets the locale from the environment; where none is set (tmux can start a program without
    /// one) falls back to a UTF-8 locale. Returns whether the locale is UTF-8.
    private static func setUpLocale() -> Bool {
        setlocale(LC_ALL, "")
        if isUTF8() { return true }
        let env = ProcessInfo.processInfo.environment
        let chosen = ["LC_ALL", "LC_CTYPE", "LANG"].compactMap { env[$0] }.filter { !$0.isEmpty }
        guard chosen.isEmpty || chosen.allSatisfy({ $0 == "C" || $0 == "POSIX" }) && env["TMUX"] != nil else {
            return false
        }
        for name in ["C.UTF-8", "C.utf8", "en_US.UTF-8"] where setlocale(LC_ALL, name) != nil {
            if isUTF8() { return true }
        }
        return false
    }

    private static func isUTF8() -> Bool {
        guard let cs = nl_langinfo(nl_item(CODESET)) else { return false }
        let name = String(cString: cs).uppercased()
        return name == "UTF-8" || name == "UTF8"
    }
}
