import Foundation

/// A directory of immutable day partitions that reopens without parsing: `ecomdash ingest` lands
/// files into it, `report`, the dashboard and `replay` read it. See docs/lake.md for the format.
///
///     LAKE/manifest.json                     what the lake holds (the last thing written)
///     LAKE/dictionaries/NAME.bin             the store's dictionaries, append-only
///     LAKE/day=YYYY-MM-DD/part-NNNNNN.seg    rows of one day, in the store's own codes
public final class Lake {
    public let path: String
    public private(set) var manifest: LakeManifest

    var manifestPath: String { path + "/manifest.json" }

    /// Whether `path` is a lake (a directory holding a manifest).
    public static func isLake(_ path: String) -> Bool {
        var directory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &directory) && directory.boolValue
            && FileManager.default.fileExists(atPath: path + "/manifest.json")
    }

    /// Opens the lake at `path`.
    public init(opening path: String) throws {
        guard Self.isLake(path) else { throw LakeError.notALake(path) }
        self.path = path
        manifest = try LakeManifest.read(path + "/manifest.json")
    }

    /// Opens the lake at `path`, making an empty one there first if there is none (the directory
    /// may exist but must then be empty, or hold only the temporary file of a creation that was
    /// killed before its first manifest was in place).
    public init(creatingAt path: String) throws {
        self.path = path
        if Self.isLake(path) {
            manifest = try LakeManifest.read(path + "/manifest.json")
            return
        }
        var entries = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        let unfinished = DurableFile.temporary(of: "manifest.json")
        if entries == [unfinished] {
            try FileManager.default.removeItem(atPath: path + "/" + unfinished)
            entries = []
        }
        guard entries.isEmpty else {
            throw LakeError.unreadable(path, "a directory that is not empty and holds no lake: name a new or empty one")
        }
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        manifest = LakeManifest()
        try manifest.write(manifestPath)
    }

    func setManifest(_ m: LakeManifest) { manifest = m }

    /// Reads the manifest again: what another process (an ingest landing) committed since.
    func reload() throws { manifest = try LakeManifest.read(manifestPath) }

    // MARK: Reading

    /// The segments whose rows may fall in `window`.
    public func segments(in window: TimeWindow) -> [LakeManifest.Segment] {
        manifest.segments.filter { $0.meets(window) }
    }

    /// Loads the segments that may hold rows of `window` into `store` (empty, read-only after:
    /// session keys are not kept), in the order they were ingested.
    ///
    /// - Parameter progress: called with the rows loaded so far.
    public func load(into store: EventStore, window: TimeWindow = .all, progress: ((Int) -> Void)? = nil) throws {
        let dictionaries = try LakeDictionaryFiles(lake: path).read(
            bytes: manifest.dictionaryBytes, counts: manifest.dictionaries, sessionKeys: false)
        store.loadDictionaries(dictionaries, appendable: false)
        try append(segments(in: window).map { ($0, 0) }, to: store, progress: progress)
    }

    /// Appends the rows of `segments` to `store`, each after its first `skip` rows (rows a
    /// follower has from segments a compaction merged into this one), in order.
    func append(
        _ segments: [(segment: LakeManifest.Segment, skip: Int)], to store: EventStore,
        progress: ((Int) -> Void)? = nil
    ) throws {
        // Decode a few segments at a time on every core, each into buffers it keeps; append them
        // in order.
        let slots = (0..<Parallel.width).map { _ in SegmentBuffer() }
        var loaded = 0
        for group in stride(from: 0, to: segments.count, by: Parallel.width) {
            let batch = Array(segments[group..<min(segments.count, group + Parallel.width)])
            let failures: [Error?] = Parallel.map(batch.count) { k in
                do {
                    let slot = slots[k]
                    try self.readSegment(batch[k].segment, into: &slot.rows, file: &slot.file)
                    if batch[k].skip > 0 { slot.rows = slot.rows.dropping(batch[k].skip) }
                    return nil
                } catch {
                    return error
                }
            }
            if let failure = failures.compactMap({ $0 }).first { throw failure }
            for k in batch.indices {
                store.appendEncoded(slots[k].rows)
                loaded += slots[k].rows.count
                progress?(loaded)
            }
        }
    }

    /// The buffers one reader thread decodes segments with, one after another.
    final class SegmentBuffer: @unchecked Sendable {
        var rows = EncodedRows()
        var file: [UInt8] = []
    }

    /// Reads segment `s` into `rows`, through the byte buffer `file`.
    func readSegment(_ s: LakeManifest.Segment, into rows: inout EncodedRows, file: inout [UInt8]) throws {
        let name = path + "/" + s.path
        try LakeIO.read(name, into: &file)
        try LakeSegment.decode(file, path: name, into: &rows)
        guard rows.count == s.rows else {
            throw LakeError.damaged(name, "holds \(rows.count) rows, the manifest lists \(s.rows)")
        }
    }

    func readSegment(_ s: LakeManifest.Segment) throws -> EncodedRows {
        var rows = EncodedRows()
        var file: [UInt8] = []
        try readSegment(s, into: &rows, file: &file)
        return rows
    }

    // MARK: Writing

    /// What an ingest of one source did.
    public enum IngestOutcome: Sendable {
        /// Written: the rows, the rejected rows and the segments.
        case written(IngestSummary, segments: Int)
        /// The same file (by fingerprint) is in the lake already.
        case skipped(LakeManifest.Source)
    }

    /// Lands one source file (csv, gz, zip, Parquet) in the lake: parsed once, split by UTC day
    /// into new segments, committed by replacing the manifest. Killed at any moment, the lake
    /// holds the file whole or not at all.
    public func ingest(
        _ source: String, ingestor: Ingestor = Ingestor(), rejects: RejectSink? = nil,
        progress: ((IngestProgress) -> Void)? = nil
    ) throws -> IngestOutcome {
        try ingest(
            source, fingerprint: try FileFingerprint.of(source), ingestor: ingestor, rejects: rejects,
            progress: progress
        ) { try ingestor.open([source]) }
    }

    /// Lands one source opened by `open` — an object in S3, say — under `name`, unless a source
    /// with the same `fingerprint` (what identifies its content) is in the lake already.
    public func ingest(
        _ name: String, fingerprint: String, ingestor: Ingestor = Ingestor(), rejects: RejectSink? = nil,
        progress: ((IngestProgress) -> Void)? = nil, open: () throws -> OpenedInputs
    ) throws -> IngestOutcome {
        if let known = manifest.sources.first(where: { $0.fingerprint == fingerprint }) { return .skipped(known) }
        let batch = manifest.nextBatch
        let source = name
        return try land { store in
            let summary = try ingestor.ingest(try open(), into: store, rejects: rejects, progress: progress)
            let entry = LakeManifest.Source(
                path: source, fingerprint: fingerprint, rows: summary.rows, rejected: summary.rejected, batch: batch,
                ingestedAt: UTCCalendar.isoString(seconds: Int64(Date().timeIntervalSince1970)))
            return (summary, { $0.sources.append(entry) })
        }
    }

    /// Lands what a stream (a shard log) holds after the positions the lake has for it, and
    /// records the new positions with the rows: run again, it continues exactly after them. Nil
    /// when the stream had nothing new.
    public func ingest(stream directory: String, rejects: RejectSink? = nil) throws -> IngestOutcome? {
        let key = URL(fileURLWithPath: directory).standardizedFileURL.path
        let known = manifest.streams[key] ?? [:]
        let resume = Dictionary(uniqueKeysWithValues: known.compactMap { k, v in Int(k).map { ($0, v) } })
        let batch = manifest.nextBatch
        let outcome = try land { store in
            let started = Date()
            let c = try StreamConsumer(directory: directory, resumeAfter: resume)
            try c.drain(into: store)
            for r in c.rejected { try rejects?.write(r) }
            let summary = IngestSummary(
                sources: [directory], rows: store.count, rejected: c.rejected.count,
                firstRejects: Array(c.rejected.prefix(20)), elapsed: Date().timeIntervalSince(started))
            let positions = known.merging(c.positions.map { (String($0.key), $0.value) }) { _, new in new }
            let entry = LakeManifest.Source(
                path: "stream " + key, fingerprint: "stream:" + key, rows: summary.rows, rejected: summary.rejected,
                batch: batch, ingestedAt: UTCCalendar.isoString(seconds: Int64(Date().timeIntervalSince1970)))
            return (
                summary,
                { m in
                    m.streams[key] = positions
                    if summary.rows > 0 { m.sources.append(entry) }
                }
            )
        }
        if case .written(let summary, _) = outcome, summary.rows == 0, summary.rejected == 0 { return nil }
        return outcome
    }

    /// Lands what a Kinesis stream holds after the positions the lake has for `key`: `read` fills
    /// the store from after those positions and gives back the new ones and its rejects; rows and
    /// positions are committed together, so a landing killed and run again continues exactly
    /// after what the lake holds. Nil when the stream had nothing new.
    public func ingest(
        kinesis key: String, rejects: RejectSink? = nil,
        read: (EventStore, [String: String]) throws -> (positions: [String: String], rejected: [RejectedRow])
    ) throws -> IngestOutcome? {
        let known = manifest.kinesis[key] ?? [:]
        let batch = manifest.nextBatch
        let outcome = try land { store in
            let started = Date()
            let (positions, rejected) = try read(store, known)
            for r in rejected { try rejects?.write(r) }
            let summary = IngestSummary(
                sources: [key], rows: store.count, rejected: rejected.count, firstRejects: Array(rejected.prefix(20)),
                elapsed: Date().timeIntervalSince(started))
            let entry = LakeManifest.Source(
                path: key, fingerprint: key, rows: summary.rows, rejected: summary.rejected, batch: batch,
                ingestedAt: UTCCalendar.isoString(seconds: Int64(Date().timeIntervalSince1970)))
            return (
                summary,
                { m in
                    m.kinesis[key] = known.merging(positions) { _, new in new }
                    if summary.rows > 0 { m.sources.append(entry) }
                }
            )
        }
        if case .written(let summary, _) = outcome, summary.rows == 0, summary.rejected == 0 { return nil }
        return outcome
    }

    /// One landing: the lake's dictionaries loaded into a new store, `read` fills it (and says
    /// how the manifest records the source), its rows written by day, the new dictionary entries
    /// appended, and the manifest replaced last.
    private func land(
        _ read: (EventStore) throws -> (IngestSummary, (inout LakeManifest) -> Void)
    ) throws
        -> IngestOutcome
    {
        removeUncommitted()
        let files = LakeDictionaryFiles(lake: path)
        let before = try files.read(
            bytes: manifest.dictionaryBytes, counts: manifest.dictionaries, sessionKeys: true)
        let store = EventStore()
        store.loadDictionaries(before, appendable: true)
        let (summary, record) = try read(store)
        // Nothing read (a stream with nothing new): nothing to commit.
        if summary.rows == 0, summary.rejected == 0 { return .written(summary, segments: 0) }
        let snapshot = store.snapshot()
        let batch = manifest.nextBatch
        var next = manifest
        next.segments += try writeSegments(snapshot, batch: batch, next: &next.nextPart)
        let added = store.dictionaryEntries(after: manifest.dictionaries, knownOdd: Set(before.oddSessions.map(\.key)))
        next.dictionaryBytes = try files.append(added, after: manifest.dictionaryBytes)
        next.dictionaries = Self.sum(manifest.dictionaries, added.counts)
        record(&next)
        next.nextBatch = batch + 1
        try next.write(manifestPath)
        let written = next.segments.count - manifest.segments.count
        manifest = next
        return .written(summary, segments: written)
    }

    /// Writes the snapshot's rows as one segment a UTC day (rows of a day in their order), on
    /// every core; returns them in day order.
    private func writeSegments(
        _ snapshot: EventSnapshot, batch: Int, next part: inout Int
    ) throws
        -> [LakeManifest.Segment]
    {
        let runs = Self.dayRuns(snapshot)
        let days = runs.keys.sorted()
        let first = part
        part += days.count
        let written: [Result<LakeManifest.Segment, Error>] = Parallel.map(days.count) { k in
            Result {
                let day = days[k]
                var rows = EncodedRows()
                rows.append(snapshot, runs: runs[day]!)
                let name = UTCCalendar.isoString(seconds: day * 86_400).prefix(10)
                let directory = "day=\(name)"
                try FileManager.default.createDirectory(
                    atPath: self.path + "/" + directory, withIntermediateDirectories: true)
                let relative = directory + "/part-" + String(format: "%06d", first + k) + ".seg"
                let bytes = LakeSegment.encode(rows)
                try DurableFile.replace(self.path + "/" + relative, with: bytes)
                return LakeManifest.Segment(
                    day: String(name), path: relative, rows: rows.count, minTime: rows.time.min() ?? 0,
                    maxTime: rows.time.max() ?? 0, bytes: bytes.count, batch: batch)
            }
        }
        DurableFile.syncDirectory(path)
        return try written.map { try $0.get() }
    }

    /// The snapshot's rows by UTC day, as runs of consecutive rows (a file in time order is one
    /// run a day).
    static func dayRuns(_ snapshot: EventSnapshot) -> [Int64: [Range<Int>]] {
        var runs: [Int64: [Range<Int>]] = [:]
        var start = 0
        var current: Int64 = -1
        var row = 0
        for c in 0..<snapshot.chunkCount {
            let chunk = snapshot.chunk(c)
            for i in 0..<chunk.count {
                let day = Int64(chunk.time[i]) / 86_400
                if day != current {
                    if row > start { runs[current, default: []].append(start..<row) }
                    start = row
                    current = day
                }
                row += 1
            }
        }
        if row > start { runs[current, default: []].append(start..<row) }
        return runs
    }

    static func sum(_ a: DictionaryCounts, _ b: DictionaryCounts) -> DictionaryCounts { combine(a, b, +) }

    /// The entries `a` holds beyond `b` (a later manifest's counts and an earlier one's).
    static func difference(_ a: DictionaryCounts, _ b: DictionaryCounts) -> DictionaryCounts { combine(a, b, -) }

    private static func combine(
        _ a: DictionaryCounts, _ b: DictionaryCounts, _ op: (Int, Int) -> Int
    ) -> DictionaryCounts {
        DictionaryCounts(
            users: op(a.users, b.users), products: op(a.products, b.products), sessions: op(a.sessions, b.sessions),
            categories: op(a.categories, b.categories), brands: op(a.brands, b.brands),
            categoryCodes: op(a.categoryCodes, b.categoryCodes), oddSessions: op(a.oddSessions, b.oddSessions))
    }

    /// Removes what a killed ingest left: segment files the manifest does not list, and
    /// temporary files. (Dictionary tails past the committed bytes are cut by the next append.)
    func removeUncommitted() {
        let listed = Set(manifest.segments.map(\.path))
        let fm = FileManager.default
        for entry in (try? fm.contentsOfDirectory(atPath: path)) ?? [] {
            if entry.hasSuffix(".tmp") { try? fm.removeItem(atPath: path + "/" + entry) }
            guard entry.hasPrefix("day=") else { continue }
            let directory = path + "/" + entry
            for file in (try? fm.contentsOfDirectory(atPath: directory)) ?? []
            where !listed.contains(entry + "/" + file) {
                try? fm.removeItem(atPath: directory + "/" + file)
            }
            if ((try? fm.contentsOfDirectory(atPath: directory)) ?? []).isEmpty {
                try? fm.removeItem(atPath: directory)
            }
        }
    }
}
