import Foundation

/// Finds theme files by name: in `$ECOMDASH_THEMES`, in `$XDG_CONFIG_HOME/ecomdash/themes`, and in
/// the `themes/` directory of the installation (searched upwards from the executable, so a build
/// inside the repository finds the repository's themes). A name that is a path to a file is read
/// as it is.
public struct ThemeCatalog: Sendable {
    public let directories: [String]

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        var dirs: [String] = []
        if let d = environment["ECOMDASH_THEMES"] { dirs.append(d) }
        let config = environment["XDG_CONFIG_HOME"] ?? (environment["HOME"].map { $0 + "/.config" } ?? "")
        if !config.isEmpty { dirs.append(config + "/ecomdash/themes") }
        var dir = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath()
            .deletingLastPathComponent()
        for _ in 0..<6 {
            dirs.append(dir.appendingPathComponent("themes").path)
            dirs.append(dir.appendingPathComponent("share/ecomdash/themes").path)
            dir.deleteLastPathComponent()
        }
        directories = dirs.filter { FileManager.default.fileExists(atPath: $0) }
    }

    /// Names of the themes found, sorted, `default` first.
    public var names: [String] {
        var found = Set<String>()
        for d in directories {
            for f in (try? FileManager.default.contentsOfDirectory(atPath: d)) ?? [] where f.hasSuffix(".toml") {
                found.insert(String(f.dropLast(5)))
            }
        }
        return found.sorted { ($0 == "default" ? "" : $0) < ($1 == "default" ? "" : $1) }
    }

    /// The theme called `name` (or at path `name`), over the built-in defaults.
    ///
    /// - Throws: ``Theme/LoadError`` for an unknown name or a bad file.
    public func theme(named name: String) throws -> Theme {
        if name.hasSuffix(".toml") || name.contains("/") { return try Theme.load(path: name).over(.builtIn) }
        for d in directories {
            let path = d + "/" + name + ".toml"
            if FileManager.default.fileExists(atPath: path) { return try Theme.load(path: path).over(.builtIn) }
        }
        if name == "default" { return .builtIn }
        let known = names.isEmpty ? "no theme files were found" : "known themes: " + names.joined(separator: ", ")
        throw Theme.LoadError(message: "unknown theme '\(name)' (\(known))")
    }
}
