/// Keeps a store up to date with a lake that `ingest` is landing into (`ecomdash --follow LAKE`):
/// each poll reads the manifest again and appends the segments it lists that were not appended
/// yet, after the dictionary entries their codes need.
///
/// A lake changes only by its manifest, so a poll sees a whole landing or none of it. Segments
/// are immutable, but `lake compact` merges a day's segments into one (rows in the order they
/// were listed) and `--keep-days` drops days: when a day's segments leave the manifest and a new
/// segment of that day comes in the same change, the new one begins with their rows, which are
/// skipped; a dropped day's rows stay in the store (the dashboard keeps what it read).
public final class LakeFollower {
    public let lake: Lake
    /// Only segments whose times meet it are read.
    public let window: TimeWindow
    /// The segments accounted for (appended, or outside the window), by path.
    private var seen: [String: LakeManifest.Segment] = [:]
    /// The committed bytes and counts of the dictionary entries the store holds; nil before the
    /// first poll.
    private var dictionaries: (bytes: [String: Int], counts: DictionaryCounts)?

    public init(opening path: String, window: TimeWindow = .all) throws {
        lake = try Lake(opening: path)
        self.window = window
    }

    /// Reads the manifest again and appends to `store` the rows it lists that the store does not
    /// hold yet; returns how many. The first poll loads the whole lake (within the window).
    ///
    /// - Parameter progress: called with the rows appended so far in this poll.
    @discardableResult
    public func poll(into store: EventStore, progress: ((Int) -> Void)? = nil) throws -> Int {
        try lake.reload()
        let manifest = lake.manifest
        let listed = Set(manifest.segments.map(\.path))
        var merged: [String: Int] = [:]
        for s in seen.values where !listed.contains(s.path) { merged[s.day, default: 0] += s.rows }
        var plan: [(segment: LakeManifest.Segment, skip: Int)] = []
        for s in manifest.segments where seen[s.path] == nil {
            let skip = min(merged[s.day] ?? 0, s.rows)
            merged[s.day] = (merged[s.day] ?? 0) - skip
            if skip < s.rows, skip > 0 || s.meets(window) { plan.append((s, skip)) } else { seen[s.path] = s }
        }
        if dictionaries == nil || !plan.isEmpty {
            // Only the entries added since the last read: the files are appended to, never rewritten.
            let entries = try LakeDictionaryFiles(lake: lake.path).read(
                bytes: manifest.dictionaryBytes, counts: manifest.dictionaries, sessionKeys: false,
                after: dictionaries)
            if dictionaries == nil {
                store.loadDictionaries(entries, appendable: false)
            } else {
                store.extendDictionaries(entries)
            }
            dictionaries = (manifest.dictionaryBytes, manifest.dictionaries)
        }
        let before = store.count
        for group in stride(from: 0, to: plan.count, by: Parallel.width) {
            let part = Array(plan[group..<min(plan.count, group + Parallel.width)])
            do {
                let done = store.count - before
                try lake.append(part, to: store) { progress?(done + $0) }
            } catch {
                // A compaction or --keep-days removed a file after the manifest was read: the
                // next poll reads the manifest that no longer lists it.
                try lake.reload()
                let now = Set(lake.manifest.segments.map(\.path))
                if part.allSatisfy({ now.contains($0.segment.path) }) { throw error }
                return store.count - before
            }
            for p in part { seen[p.segment.path] = p.segment }
        }
        seen = seen.filter { listed.contains($0.key) }
        return store.count - before
    }
}
