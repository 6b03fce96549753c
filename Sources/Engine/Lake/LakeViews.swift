import Foundation

/// Figures saved beside a lake (`LAKE/views/`), so that what was folded from its rows once is read
/// back instead of folded again: a month's fold takes seconds and gives the same figures at every
/// opening until the lake changes, while reading them back is a small file.
///
/// A saved value is found by its key — the lake's manifest as opened, this very executable (its
/// path, size and time) and what the caller's figures depend on (`view`: the filter, the options)
/// — so that neither a landing, a compaction, other options nor another build of ecomdash is ever
/// given figures that were not its own. The file's name is the MD5 of the key; the key is stored
/// in the file and compared whole on reading. A file that cannot be read or does not match is
/// ignored and replaced by the next save. Saving is best effort: a lake on a read-only disk opens
/// as before. See docs/lake.md.
public struct LakeViews: Sendable {
    /// What a saved value depends on.
    private struct Key<View: Codable & Equatable>: Codable, Equatable {
        var format = 1
        var kind: String
        var manifest: String
        var executable: String
        var view: View
    }

    private struct Saved<View: Codable & Equatable, Value: Codable>: Codable {
        var key: Key<View>
        var value: Value
    }

    /// Where the values are kept.
    public let directory: String
    /// The MD5 of the lake's manifest as it was opened (the rows a reader loads).
    private let manifest: String
    private let executable: String
    /// The most files kept: older ones are removed when a value is saved.
    public static let kept = 8

    public init(lake: Lake) {
        directory = lake.path + "/views"
        manifest = Self.hex((try? Self.encoder().encode(lake.manifest)).map { [UInt8]($0) } ?? [])
        executable = Self.executableIdentity()
    }

    /// The value saved for `view` by readers of this `kind`, nil when there is none for exactly
    /// this key.
    public func load<View: Codable & Equatable, Value: Codable>(
        _ type: Value.Type, kind: String, view: View
    ) -> Value? {
        let key = Key(kind: kind, manifest: manifest, executable: executable, view: view)
        guard let path = path(key), let bytes = FileManager.default.contents(atPath: path),
            let saved = try? Self.decoder().decode(Saved<View, Value>.self, from: bytes), saved.key == key
        else { return nil }
        return saved.value
    }

    /// Saves `value` for `view` (best effort: nothing is said when the lake cannot be written).
    public func save<View: Codable & Equatable, Value: Codable>(_ value: Value, kind: String, view: View) {
        let key = Key(kind: kind, manifest: manifest, executable: executable, view: view)
        guard let path = path(key), let bytes = try? Self.encoder().encode(Saved(key: key, value: value)) else {
            return
        }
        let fm = FileManager.default
        try? fm.createDirectory(atPath: directory, withIntermediateDirectories: true)
        guard (try? DurableFile.replace(path, with: [UInt8](bytes))) != nil else { return }
        let older = ((try? fm.contentsOfDirectory(atPath: directory)) ?? []).map { directory + "/" + $0 }
            .filter { $0 != path }
            .sorted { modified($0) > modified($1) }
        for file in older.dropFirst(Self.kept - 1) { try? fm.removeItem(atPath: file) }
    }

    /// The file of a key: its MD5, so that any change to any part names another file.
    private func path<View>(_ key: Key<View>) -> String? {
        (try? Self.encoder().encode(key)).map { directory + "/" + Self.hex([UInt8]($0)) + ".json" }
    }

    private func modified(_ path: String) -> Date {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date) ?? .distantPast
    }

    /// This executable's path, size and modification time: a rebuilt ecomdash may fold differently.
    private static func executableIdentity() -> String {
        let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
        let attributes = (try? FileManager.default.attributesOfItem(atPath: exe)) ?? [:]
        let size = (attributes[.size] as? NSNumber)?.int64Value ?? 0
        let time = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        return "\(exe) \(size) \(time)"
    }

    private static func hex(_ bytes: [UInt8]) -> String {
        let (high, low) = bytes.withUnsafeBufferPointer { MD5.digest($0) }
        return String(format: "%016llx%016llx", high, low)
    }

    /// Figures hold ratios that may be infinite or not a number (nothing viewed): JSON has no
    /// such numbers, so they are written as strings. Keys sorted, so that a key's bytes (and
    /// its file's name) are always the same.
    private static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return encoder
    }

    private static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return decoder
    }
}
