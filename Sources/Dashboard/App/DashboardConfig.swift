import Engine
import Foundation

/// The user's settings, from `$XDG_CONFIG_HOME/ecomdash/config.toml` (default
/// `~/.config/ecomdash/config.toml`):
///
///     theme = "nord"
///     refresh_hz = 10          # redraws a second, 1–30
///     default_panel = "brands" # or its number, 1 for the first tab
///     demo_speed = 600         # event-time seconds per second in the demo
///     mouse = true             # clicks on tabs, the wheel scrolls; false leaves the mouse alone
///     [keys]
///     quit = "x"               # any action of the help overlay, by its name
///     [thresholds]
///     min_views = 100
///     category_level = 2
///
/// Unknown keys are reported (as warnings), never silently ignored.
public struct DashboardConfig: Sendable {
    public var theme: String?
    public var refreshHz = 10
    public var defaultPanel = PanelKind.overview
    public var demoSpeed = 600.0
    /// Clicks and the wheel reach the dashboard (the terminal selects text with Shift held).
    public var mouse = true
    public var keyOverrides: [Action: Key] = [:]
    public var minViews: Int?
    public var categoryLevel: Int?
    /// Where the export key writes (`export_dir`; default the working directory).
    public var exportDirectory = "."
    public var warnings: [String] = []

    public init() {}

    /// The default location, honouring `XDG_CONFIG_HOME`.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let base =
            environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (environment["HOME"] ?? "~") + "/.config"
        return base + "/ecomdash/config.toml"
    }

    /// Reads the file at `path`; a missing file is the defaults.
    ///
    /// - Throws: an error naming file and line when the file is not valid.
    public static func load(path: String) throws -> DashboardConfig {
        var config = DashboardConfig()
        guard FileManager.default.fileExists(atPath: path) else { return config }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw Theme.LoadError(message: "cannot read the config file '\(path)'")
        }
        let table = try TOMLTable(text: text, file: path)
        for (key, entry) in table.entries {
            func fail(_ why: String) -> Theme.LoadError {
                Theme.LoadError(message: "\(path):\(entry.line): \(key): \(why)")
            }
            switch (key, entry.value) {
            case ("theme", .string(let s)): config.theme = s
            case ("refresh_hz", .integer(let n)):
                guard (1...30).contains(n) else { throw fail("must be 1 to 30") }
                config.refreshHz = n
            case ("default_panel", .string(let s)):
                guard let p = PanelKind.named(s) else { throw fail("unknown panel '\(s)'") }
                config.defaultPanel = p
            case ("default_panel", .integer(let n)):
                guard let p = PanelKind.named(String(n)) else {
                    throw fail("panels are 1 to \(PanelKind.allCases.count)")
                }
                config.defaultPanel = p
            case ("demo_speed", .integer(let n)): config.demoSpeed = Double(n)
            case ("demo_speed", .float(let d)): config.demoSpeed = d
            case ("mouse", .bool(let b)): config.mouse = b
            case ("export_dir", .string(let s)): config.exportDirectory = (s as NSString).expandingTildeInPath
            case ("thresholds.min_views", .integer(let n)): config.minViews = n
            case ("thresholds.category_level", .integer(let n)): config.categoryLevel = n
            default:
                if key.hasPrefix("keys.") {
                    let name = String(key.dropFirst(5))
                    guard let action = Action(name: name) else { throw fail("unknown action '\(name)'") }
                    guard case .string(let s) = entry.value, let k = Key(name: s) else {
                        throw fail("expected a key name such as \"q\", \"Tab\", \"C-l\"")
                    }
                    config.keyOverrides[action] = k
                } else if [
                    "theme", "refresh_hz", "default_panel", "demo_speed", "mouse", "export_dir", "thresholds.min_views",
                    "thresholds.category_level",
                ].contains(key) {
                    throw fail("wrong type of value")
                } else {
                    config.warnings.append("\(path):\(entry.line): unknown key '\(key)' ignored")
                }
            }
        }
        return config
    }
}
