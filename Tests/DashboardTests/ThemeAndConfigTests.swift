import Dashboard
import Foundation
import Testing

@Suite("Themes and settings")
struct ThemeAndConfigTests {
    static let themes = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "../../themes"
    )
    .standardized.path

    @Test(
        "every theme the README lists loads, and styles every role",
        arguments: ["default", "light", "monochrome", "dracula", "nord", "gruvbox", "solarized", "colorblind"])
    func themesLoad(_ name: String) throws {
        let catalog = ThemeCatalog(environment: ["ECOMDASH_THEMES": Self.themes])
        let theme = try catalog.theme(named: name)
        #expect(theme.name == name)
        #expect(theme.monochrome == (name == "monochrome"))
        for role in StyleRole.allCases { _ = theme.look(role) }
        #expect(catalog.names.contains(name))
    }

    @Test("a bad theme file names the file, the line and the key")
    func badTheme() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ecomdash-theme-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let cases = [
            ("[colors]\ntitle = \"#12345\"\n", "2: colors.title"),
            ("[colors]\nsparkles = \"#123456\"\n", "2: colors.sparkles: unknown role"),
            ("name = \"x\"\ncolour = 3\n", "2: colour: unknown key"), ("[colors\n", "1: a section header"),
        ]
        for (text, words) in cases {
            let path = dir.appendingPathComponent("bad.toml").path
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            #expect {
                try ThemeCatalog(environment: [:]).theme(named: path)
            } throws: { "\($0)".contains(path + ":" + words) }
        }
        #expect { try ThemeCatalog(environment: ["ECOMDASH_THEMES": Self.themes]).theme(named: "neon") } throws: {
            "\($0)".contains("unknown theme 'neon'") && "\($0)".contains("nord")
        }
    }

    @Test("TOML strings: escaped quotes do not end them, a # inside is no comment, junk after is an error")
    func tomlStrings() throws {
        let t = try TOMLTable(
            text: #"""
                a = "say \"hi\" # not a comment"  # a comment
                b = 'C:\path'
                c = "tab\there\\"
                """#, file: "t.toml")
        #expect(t.entries.map(\.key) == ["a", "b", "c"])
        #expect(t.entries[0].entry.value == .string(#"say "hi" # not a comment"#))
        #expect(t.entries[1].entry.value == .string(#"C:\path"#))
        #expect(t.entries[2].entry.value == .string("tab\there\\"))
        for bad in [#"a = "open \""#, #"a = "x" y"#, #"a = "\q""#] {
            #expect(throws: TOMLTable.ParseError.self, "\(bad)") { try TOMLTable(text: bad, file: "t.toml") }
        }
    }

    @Test("a key or a section set twice is an error naming both lines")
    func tomlDuplicates() {
        #expect {
            try TOMLTable(text: "[colors]\ntitle = \"#ffffff\"\n\ntitle = \"#000000\"\n", file: "t.toml")
        } throws: { "\($0)" == "t.toml:4: title is already set on line 2" }
        #expect {
            try TOMLTable(text: "[keys]\nquit = \"x\"\n[keys]\nhelp = \"h\"\n", file: "t.toml")
        } throws: { "\($0)" == "t.toml:3: section [keys] is already defined on line 1" }
    }

    @Test("the config sets theme, refresh, panel, keys and thresholds; unknown keys are reported")
    func config() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "ecomdash-config-\(UUID().uuidString).toml"
        ).path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try """
        theme = "nord"  # a comment
        refresh_hz = 5
        default_panel = "brands"
        mouse = false
        colour = "blue"
        [keys]
        quit = "x"
        [thresholds]
        min_views = 50
        """.write(toFile: path, atomically: true, encoding: .utf8)
        let c = try DashboardConfig.load(path: path)
        #expect(c.theme == "nord")
        #expect(c.refreshHz == 5)
        #expect(c.defaultPanel == .brands)
        #expect(c.minViews == 50)
        #expect(c.mouse == false)
        #expect(DashboardConfig().mouse)
        #expect(c.warnings == ["\(path):5: unknown key 'colour' ignored"])
        let keys = KeyMap(overrides: c.keyOverrides)
        #expect(keys.action(for: .character("x")) == .quit)
        #expect(keys.action(for: .character("q")) == nil)
        try "mouse = \"no\"\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect { try DashboardConfig.load(path: path) } throws: { "\($0)".contains("\(path):1: mouse") }
        try "refresh_hz = 99\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect { try DashboardConfig.load(path: path) } throws: { "\($0)".contains("\(path):1: refresh_hz") }
        #expect(DashboardConfig.defaultPath(environment: ["XDG_CONFIG_HOME": "/x"]) == "/x/ecomdash/config.toml")
        #expect(DashboardConfig.defaultPath(environment: ["HOME": "/home/u"]) == "/home/u/.config/ecomdash/config.toml")
    }

    @Test("colours map to 256 and 16 colour terminals")
    func colors() {
        #expect(RGB(hex: "#ff0000")!.xterm256 == 196)
        #expect(RGB(hex: "#808080")!.xterm256 == 244)
        #expect(RGB(hex: "#ff0000")!.ansi(count: 16) == 9)
        #expect(RGB(hex: "#000000")!.ansi(count: 8) == 0)
        #expect(RGB(hex: "zz") == nil)
    }
}
