import Foundation

extension Lake {
    /// One UTC day of the lake.
    public struct Partition: Sendable, Equatable {
        public var day: String
        public var segments: Int
        public var rows: Int
        public var bytes: Int
    }

    /// The lake's days, oldest first.
    public var partitions: [Partition] {
        var byDay: [String: Partition] = [:]
        for s in manifest.segments {
            var p = byDay[s.day] ?? Partition(day: s.day, segments: 0, rows: 0, bytes: 0)
            p.segments += 1
            p.rows += s.rows
            p.bytes += s.bytes
            byDay[s.day] = p
        }
        return byDay.values.sorted { $0.day < $1.day }
    }

    /// Bytes of the dictionaries' committed records.
    public var dictionaryBytes: Int { manifest.dictionaryBytes.values.reduce(0, +) }

    /// Merges the segments of each day that has several (small landings) into one, rows in the
    /// order they were ingested; returns how many segments it replaced. Committed by the
    /// manifest; the old files are removed after.
    public func compact() throws -> Int {
        var next = manifest
        let batch = next.nextBatch
        var replaced: [String] = []
        for p in partitions where p.segments > 1 {
            let parts = manifest.segments.filter { $0.day == p.day }
            var merged = EncodedRows(capacity: p.rows)
            for s in parts { merged.append(contentsOf: try readSegment(s)) }
            let relative = "day=\(p.day)/part-" + String(format: "%06d", next.nextPart) + ".seg"
            next.nextPart += 1
            let bytes = LakeSegment.encode(merged)
            try DurableFile.replace(path + "/" + relative, with: bytes)
            let segment = LakeManifest.Segment(
                day: p.day, path: relative, rows: merged.count, minTime: merged.time.min() ?? 0,
                maxTime: merged.time.max() ?? 0, bytes: bytes.count, batch: batch)
            // The merged segment takes the place of the day's first one.
            let first = next.segments.firstIndex { $0.day == p.day }!
            next.segments[first] = segment
            next.segments.removeAll { $0.day == p.day && $0.path != relative }
            replaced += parts.map(\.path)
        }
        guard !replaced.isEmpty else { return 0 }
        next.nextBatch = batch + 1
        try commit(next)
        return replaced.count
    }

    /// Drops the days older than the newest `days` days; returns the days removed.
    public func keep(days: Int) throws -> [String] {
        let all = partitions.map(\.day)
        guard days >= 1, all.count > days else { return [] }
        let dropped = Array(all.prefix(all.count - days))
        var next = manifest
        next.segments.removeAll { dropped.contains($0.day) }
        try commit(next)
        return dropped
    }

    /// Removes a lake that holds nothing (an ingest that made it and landed nothing): its
    /// manifest and dictionaries, and with `directory` the directory when nothing else is in it.
    public func removeEmpty(directory: Bool) throws {
        guard manifest.segments.isEmpty, manifest.sources.isEmpty else {
            throw LakeError.unreadable(path, "holds rows: not removed")
        }
        removeUncommitted()
        let fm = FileManager.default
        try fm.removeItem(atPath: manifestPath)
        try? fm.removeItem(atPath: LakeDictionaryFiles(lake: path).directory)
        if directory, ((try? fm.contentsOfDirectory(atPath: path)) ?? []).isEmpty { try fm.removeItem(atPath: path) }
    }

    /// Replaces the manifest, then removes the files it no longer lists.
    func commit(_ next: LakeManifest) throws {
        try next.write(manifestPath)
        setManifest(next)
        removeUncommitted()
    }
}
