/// A key press, as the terminal reports it.
public enum Key: Hashable, Sendable {
    case character(Character)
    case up, down, left, right, pageUp, pageDown, home, end
    case tab, backTab, enter, escape, backspace
    /// Control plus a letter (`C-l`).
    case control(Character)
    case resize
    /// A left click at a screen cell (column, row from the top left).
    case click(x: Int, y: Int)
    case wheelUp, wheelDown

    /// Parses a key name as config files write it: `q`, `Tab`, `S-Tab`, `Enter`, `Esc`, `Up`,
    /// `PgDn`, `C-l`, `Space`.
    public init?(name: String) {
        switch name.lowercased() {
        case "tab": self = .tab
        case "s-tab", "backtab", "shift-tab": self = .backTab
        case "enter", "return": self = .enter
        case "esc", "escape": self = .escape
        case "up": self = .up
        case "down": self = .down
        case "left": self = .left
        case "right": self = .right
        case "pgup", "pageup": self = .pageUp
        case "pgdn", "pagedown": self = .pageDown
        case "home": self = .home
        case "end": self = .end
        case "backspace": self = .backspace
        case "space": self = .character(" ")
        default:
            if name.count == 3, name.lowercased().hasPrefix("c-"), let c = name.last {
                self = .control(Character(c.lowercased()))
            } else if name.count == 1, let c = name.first {
                self = .character(c)
            } else {
                return nil
            }
        }
    }

    /// A mouse event rather than a key.
    public var isMouse: Bool {
        switch self {
        case .click, .wheelUp, .wheelDown: true
        default: false
        }
    }

    /// How the help overlay names the key.
    public var label: String {
        switch self {
        case .character(" "): "Space"
        case .character(let c): String(c)
        case .up: "↑"
        case .down: "↓"
        case .left: "←"
        case .right: "→"
        case .pageUp: "PgUp"
        case .pageDown: "PgDn"
        case .home: "Home"
        case .end: "End"
        case .tab: "Tab"
        case .backTab: "S-Tab"
        case .enter: "Enter"
        case .escape: "Esc"
        case .backspace: "Backspace"
        case .control(let c): "C-\(c)"
        case .resize: "resize"
        case .click: "click"
        case .wheelUp: "wheel↑"
        case .wheelDown: "wheel↓"
        }
    }
}
