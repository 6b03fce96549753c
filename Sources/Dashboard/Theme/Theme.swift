import Foundation

/// How each ``StyleRole`` looks: foreground, background (nil: the terminal's own) and bold.
///
/// Themes are TOML files in `themes/`: a `name`, and a `[colors]` section mapping role names to
/// `"#rrggbb"`, `"#rrggbb on #rrggbb"`, `"default"`, with an optional `" bold"`. Roles a theme
/// leaves out take the default theme's look. A monochrome theme (`monochrome = true`) uses no
/// colour at all: emphasis is bold and reverse video.
public struct Theme: Sendable, Equatable {
    public struct Look: Sendable, Equatable {
        public var foreground: RGB?
        public var background: RGB?
        public var bold = false
    }

    public var name: String
    public var monochrome: Bool
    public var looks: [StyleRole: Look]

    public func look(_ role: StyleRole) -> Look { looks[role] ?? Look() }

    public struct LoadError: Error, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// Reads a theme file.
    ///
    /// - Throws: ``LoadError`` naming the file, the line and the key that is wrong.
    public static func load(path: String) throws -> Theme {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw LoadError(message: "cannot read the theme file '\(path)'")
        }
        let table = try TOMLTable(text: text, file: path)
        var theme = Theme(
            name: URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent, monochrome: false,
            looks: [:])
        let roles = Dictionary(uniqueKeysWithValues: StyleRole.allCases.map { ("\($0)".snakeCased, $0) })
        for (key, entry) in table.entries {
            func fail(_ why: String) -> LoadError { LoadError(message: "\(path):\(entry.line): \(key): \(why)") }
            switch key {
            case "name":
                guard case .string(let s) = entry.value else { throw fail("expected a string") }
                theme.name = s
            case "monochrome":
                guard case .bool(let b) = entry.value else { throw fail("expected true or false") }
                theme.monochrome = b
            default:
                guard key.hasPrefix("colors.") else {
                    throw fail("unknown key (expected name, monochrome or [colors])")
                }
                let roleName = String(key.dropFirst("colors.".count))
                guard let role = roles[roleName] else {
                    throw fail("unknown role; roles are \(roles.keys.sorted().joined(separator: ", "))")
                }
                guard case .string(let spec) = entry.value, let look = parseLook(spec) else {
                    throw fail(
                        "expected \"#rrggbb\", \"#rrggbb on #rrggbb\" or \"default\", optionally followed by \" bold\"")
                }
                theme.looks[role] = look
            }
        }
        return theme
    }

    static func parseLook(_ spec: String) -> Look? {
        var words = spec.split(separator: " ").map(String.init)
        var look = Look()
        if words.last == "bold" {
            look.bold = true
            words.removeLast()
        }
        func color(_ w: String) -> RGB?? { w == "default" ? .some(nil) : RGB(hex: w).map { .some($0) } }
        switch words.count {
        case 0: return look.bold ? look : nil
        case 1:
            guard let f = color(words[0]) else { return nil }
            look.foreground = f
        case 3 where words[1] == "on":
            guard let f = color(words[0]), let b = color(words[2]) else { return nil }
            look.foreground = f
            look.background = b
        default: return nil
        }
        return look
    }

    /// The theme of last resort, also the base every theme file fills in.
    public static let builtIn = Theme(
        name: "default", monochrome: false,
        looks: [
            .normal: Look(), .dim: Look(foreground: RGB(128, 128, 128)),
            .title: Look(foreground: RGB(95, 175, 255), bold: true),
            .accent: Look(foreground: RGB(255, 175, 0), bold: true),
            .border: Look(foreground: RGB(88, 88, 88)), .tabActive: Look(foreground: RGB(95, 175, 255), bold: true),
            .tabInactive: Look(foreground: RGB(160, 160, 160)),
            .statusBar: Look(foreground: RGB(208, 208, 208), background: RGB(48, 48, 48)),
            .statusKey: Look(foreground: RGB(255, 215, 95), background: RGB(48, 48, 48)),
            .selected: Look(foreground: RGB(95, 175, 255)), .header: Look(foreground: RGB(175, 175, 175), bold: true),
            .positive: Look(foreground: RGB(95, 215, 95)), .negative: Look(foreground: RGB(255, 95, 95)),
            .warning: Look(foreground: RGB(255, 215, 0), bold: true), .chart: Look(foreground: RGB(95, 175, 255)),
            .chartAlt: Look(foreground: RGB(255, 135, 95)), .chartThird: Look(foreground: RGB(135, 215, 135)),
            .heatEmpty: Look(foreground: RGB(68, 68, 68)), .heat1: Look(foreground: RGB(0, 95, 135)),
            .heat2: Look(foreground: RGB(0, 135, 175)), .heat3: Look(foreground: RGB(0, 175, 215)),
            .heat4: Look(foreground: RGB(255, 175, 0)), .heat5: Look(foreground: RGB(255, 95, 0), bold: true),
            .overlay: Look(foreground: RGB(230, 230, 230), background: RGB(28, 28, 28)),
            .progress: Look(foreground: RGB(95, 175, 255)),
        ])

    /// `base` with this theme's looks on top.
    func over(_ base: Theme) -> Theme {
        Theme(name: name, monochrome: monochrome, looks: base.looks.merging(looks) { $1 })
    }
}

extension String {
    /// `tabActive` → `tab_active`, the form role names take in theme files.
    var snakeCased: String {
        var out = ""
        for c in self {
            if c.isUppercase {
                out += "_" + c.lowercased()
            } else {
                out.append(c)
            }
        }
        return out
    }
}
