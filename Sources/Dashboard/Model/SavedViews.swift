import Engine
import Foundation

/// A lake's dashboard views saved beside it (`LAKE/views/`), so that a lake opens with its
/// figures at once: the figures of a view are a fold of every row (seconds on a month), the same
/// at every start until the lake changes, and reading them back is a small file.
///
/// A saved view is found by its key — the lake's manifest, the view (filter, options, baseline)
/// and this very executable (its size and time), so that neither a landing, a compaction, other
/// options nor another build of ecomdash is ever shown figures that were not its own. A file
/// that cannot be read or does not match is ignored (the figures are then folded as always) and
/// replaced by the next save. Saving is best effort: a lake on a read-only disk opens as before.
public struct SavedViews: Sendable {
    /// What a saved view's figures depend on; stored in the file and compared whole on reading.
    struct Key: Codable, Equatable {
        var format = 1
        var manifest: String
        var executable: String
        var filter: DashboardFilter
        var base: InsightOptions
        var baseline: PeriodComparison.Baseline?
    }

    private struct Saved: Codable {
        var key: Key
        var data: DashboardData
    }

    /// Where the views are kept.
    public let directory: String
    /// The MD5 of the lake's manifest as it was opened (the rows the dashboard loads).
    private let manifest: String
    private let executable: String
    /// The most view files kept: older ones are removed when a view is saved.
    static let kept = 8

    public init(lake: Lake) {
        directory = lake.path + "/views"
        manifest = Self.hex(Self.sortedJSON().encodeOrEmpty(lake.manifest))
        executable = Self.executableIdentity()
    }

    /// The saved figures of a view, nil when there are none for exactly this key.
    public func load(
        filter: DashboardFilter, base: InsightOptions, baseline: PeriodComparison.Baseline?
    ) -> DashboardData? {
        let key = key(filter: filter, base: base, baseline: baseline)
        guard let bytes = FileManager.default.contents(atPath: path(key)),
            let saved = try? Self.decoder().decode(Saved.self, from: bytes), saved.key == key
        else { return nil }
        var data = saved.data
        data.restored = true
        return data
    }

    /// Saves a view's figures (best effort: nothing is said when the lake cannot be written).
    public func save(
        _ data: DashboardData, filter: DashboardFilter, base: InsightOptions, baseline: PeriodComparison.Baseline?
    ) {
        let key = key(filter: filter, base: base, baseline: baseline)
        var data = data
        data.restored = false
        guard let bytes = try? Self.sortedJSON().encode(Saved(key: key, data: data)) else { return }
        let fm = FileManager.default
        try? fm.createDirectory(atPath: directory, withIntermediateDirectories: true)
        guard (try? DurableFile.replace(path(key), with: [UInt8](bytes))) != nil else { return }
        let older = ((try? fm.contentsOfDirectory(atPath: directory)) ?? []).map { directory + "/" + $0 }
            .filter { $0 != path(key) }
            .sorted { modified($0) > modified($1) }
        for file in older.dropFirst(Self.kept - 1) { try? fm.removeItem(atPath: file) }
    }

    func key(filter: DashboardFilter, base: InsightOptions, baseline: PeriodComparison.Baseline?) -> Key {
        Key(manifest: manifest, executable: executable, filter: filter, base: base, baseline: baseline)
    }

    /// The file of a key: its MD5, so that any change to any part names another file.
    func path(_ key: Key) -> String { directory + "/" + Self.hex(Self.sortedJSON().encodeOrEmpty(key)) + ".json" }

    private func modified(_ path: String) -> Date {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date) ?? .distantPast
    }

    /// This executable's size and modification time: a rebuilt ecomdash may fold differently.
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
    /// such numbers, so they are written as strings.
    private static let nonConforming = (positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")

    private static func sortedJSON() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: nonConforming.positiveInfinity, negativeInfinity: nonConforming.negativeInfinity,
            nan: nonConforming.nan)
        return encoder
    }

    private static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: nonConforming.positiveInfinity, negativeInfinity: nonConforming.negativeInfinity,
            nan: nonConforming.nan)
        return decoder
    }
}

extension JSONEncoder {
    /// The encoding's bytes, or none when a value cannot be encoded (it then matches nothing).
    fileprivate func encodeOrEmpty<T: Encodable>(_ value: T) -> [UInt8] {
        (try? encode(value)).map { [UInt8]($0) } ?? []
    }
}
