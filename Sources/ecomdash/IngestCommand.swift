import AWS
import ArgumentParser
import Engine
import Foundation
import Report

/// `ecomdash ingest`: files landed once in a lake, which every later command opens without parsing.
struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Land CSV (plain, .gz, .zip) or Parquet files in a lake that reopens at once.",
        discussion: """
            Each file is parsed once and stored by UTC day in the store's own columnar encoding \
            (LAKE/day=YYYY-MM-DD/part-NNNNNN.seg, with the dictionaries and a manifest; see \
            docs/lake.md). `ecomdash report LAKE`, `ecomdash LAKE` (the dashboard) and `ecomdash \
            export LAKE` then read it without parsing; with --from/--to they read only the days they \
            need. A file is committed whole or not at all: killed at any moment, the lake holds every \
            file this command reported as landed. A file already in the lake (same size and first and \
            last MiB) is skipped, never doubled. Rejected rows go to --rejects as in `report`.

            With --stream DIR (a shard log) or --stream kinesis://NAME (Amazon Kinesis), what the \
            stream holds after the positions the lake recorded for it is landed, and the new \
            positions are committed with the rows: run again (or killed and run again), it \
            continues exactly after them. --follow keeps landing, as Firehose does: \
            whatever arrived, every --interval seconds, until Ctrl-C.
            """)

    @Argument(
        help: ArgumentHelp(
            "Files to land: .csv, .csv.gz, .zip, .parquet, Parquet directories, lakes.", valueName: "file"))
    var files: [String] = []

    @Option(
        help: ArgumentHelp(
            "Land a stream (a shard-log directory, or kinesis://NAME) instead of files.", valueName: "dir"))
    var stream: String?

    @OptionGroup(title: "AWS (with --stream kinesis://NAME)") var aws: AWSOptions

    @Flag(help: "With --stream: keep landing what arrives, every --interval seconds, until interrupted.")
    var follow = false

    @Option(help: ArgumentHelp("With --follow: seconds between landings (Firehose's buffer interval).", valueName: "s"))
    var interval: Double = 60

    @Option(help: ArgumentHelp("The lake: a new or empty directory, or an existing lake.", valueName: "dir"))
    var into: String

    @Option(help: ArgumentHelp("Where rejected rows are written.", valueName: "path"))
    var rejects: String = "ecomdash-rejects.csv"

    @Option(
        name: .customLong("keep-days"),
        help: ArgumentHelp("After landing, drop the days older than the newest N.", valueName: "n"))
    var keepDays: Int?

    func validate() throws {
        if files.isEmpty, stream == nil {
            throw ValidationError("name at least one file to land in the lake, or --stream DIR")
        }
        if !files.isEmpty, stream != nil { throw ValidationError("land files or --stream, not both") }
        if follow, stream == nil { throw ValidationError("--follow goes with --stream") }
        if interval <= 0 { throw ValidationError("--interval must be positive") }
        let lake = URL(fileURLWithPath: into).standardizedFileURL.path
        if let same = (files + [stream].compactMap { $0 }).first(where: {
            URL(fileURLWithPath: $0).standardizedFileURL.path == lake
        }) {
            throw ValidationError("'\(same)' is the lake itself: land it into another directory")
        }
        if let k = keepDays, k < 1 { throw ValidationError("--keep-days must be 1 or more") }
    }

    func run() throws {
        try OutputGuard.check(rejects, option: "--rejects", inputs: files)
        let made = !Lake.isLake(into)
        let madeDirectory = !FileManager.default.fileExists(atPath: into)
        let lake = try Lake(creatingAt: into)
        let sink = RejectsFile(path: rejects)
        if let stream {
            try land(stream, into: lake, rejects: sink)
            try sink.flush()
            return
        }
        var failed = false
        for (file, size, landing) in landings(&failed) {
            let started = Date()
            var meter = ProgressMeter(totalBytes: size)
            do {
                switch try landing(lake, sink, { meter.update($0) }) {
                case .skipped(let known):
                    meter.finish()
                    printError(
                        "ecomdash: skipped \(file): already in the lake (\(NumberFormat.grouped(known.rows)) rows, "
                            + "ingested \(known.ingestedAt) from \(known.path))")
                case .written(let summary, let segments):
                    meter.finish()
                    var line =
                        "landed \(file): \(NumberFormat.grouped(summary.rows)) rows in \(segments) day segment(s)"
                    if summary.rejected > 0 {
                        line += ", \(NumberFormat.grouped(summary.rejected)) rejected (see \(rejects))"
                    }
                    line += String(format: ", %.1f s", Date().timeIntervalSince(started))
                    print(line)
                    for w in summary.warnings { printError("ecomdash: warning: " + w) }
                }
            } catch {
                meter.finish()
                printError("ecomdash: \(file): not landed: \(error)")
                failed = true
            }
        }
        try sink.flush()
        if let k = keepDays {
            let dropped = try lake.keep(days: k)
            if !dropped.isEmpty { print("dropped \(dropped.count) day(s): \(dropped.first!) … \(dropped.last!)") }
        }
        if failed {
            // A lake this run made and nothing landed in is not left behind.
            if made, lake.manifest.sources.isEmpty { try? lake.removeEmpty(directory: madeDirectory) }
            throw ExitCode(1)
        }
    }
}

extension IngestCommand {
    /// Lands the stream once, or with --follow every --interval seconds until a stop signal.
    func land(_ stream: String, into lake: Lake, rejects sink: RejectsFile) throws {
        if follow { installStopHandlers() }
        repeat {
            let started = Date()
            if case .written(let summary, let segments) = try landOnce(stream, into: lake, rejects: sink) {
                var line =
                    "landed \(NumberFormat.grouped(summary.rows)) rows from \(stream) in \(segments) day segment(s)"
                if summary.rejected > 0 {
                    line += ", \(NumberFormat.grouped(summary.rejected)) rejected (see \(rejects))"
                }
                // Written at once (stdout may be a file or a pipe): each line is a landing committed.
                FileHandle.standardOutput.write(
                    Data((line + String(format: ", %.1f s", Date().timeIntervalSince(started)) + "\n").utf8))
                try sink.flush()
            } else if !follow {
                print("nothing new in \(stream)")
            }
            let deadline = started.addingTimeInterval(interval)
            while follow, Date() < deadline, !stopRequested.load(ordering: .relaxed) {
                Thread.sleep(forTimeInterval: 0.1)
            }
        } while follow && !stopRequested.load(ordering: .relaxed)
    }
}

extension IngestCommand {
    typealias Landing = (Lake, RejectsFile, @escaping (IngestProgress) -> Void) throws -> Lake.IngestOutcome

    /// What each named input lands as, one landing each: a local file (known by its fingerprint),
    /// or every object an `s3://` address names (known by its key, size and ETag, so objects that
    /// Firehose adds later land on the next run and those landed are skipped). An address that
    /// cannot be listed is reported and sets `failed`.
    func landings(_ failed: inout Bool) -> [(name: String, bytes: Int64, land: Landing)] {
        var out: [(name: String, bytes: Int64, land: Landing)] = []
        var client: S3Client? = nil
        for file in files {
            guard S3Inputs.parse(file) != nil else {
                let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int64) ?? 0
                out.append(
                    (file, size, { lake, sink, progress in try lake.ingest(file, rejects: sink, progress: progress) }))
                continue
            }
            do {
                if client == nil { client = S3Client(settings: try aws.settings()) }
                for (object, partition) in try S3Inputs.open(file, client: client!, window: .all) {
                    let fingerprint = "s3:\(object.path):\(object.size):\(object.etag)"
                    out.append(
                        (
                            object.path, object.size,
                            { lake, sink, progress in
                                let ingestor = Ingestor()
                                return try lake.ingest(
                                    object.path, fingerprint: fingerprint, ingestor: ingestor, rejects: sink,
                                    progress: progress
                                ) { try ingestor.open([(object, partition)]) }
                            }
                        ))
                }
            } catch {
                printError("ecomdash: \(file): not landed: \(error)")
                failed = true
            }
        }
        return out
    }

    /// One landing of a shard log, or of a Kinesis stream after the sequence numbers the lake holds.
    func landOnce(_ stream: String, into lake: Lake, rejects sink: RejectsFile) throws -> Lake.IngestOutcome? {
        guard let name = KinesisAddress.streamName(stream) else {
            return try lake.ingest(stream: stream, rejects: sink)
        }
        let settings = try aws.settings()
        return try lake.ingest(kinesis: "kinesis://\(settings.region)/\(name)", rejects: sink) { store, known in
            let reader = try KinesisStreamReader(
                stream: name, client: KinesisClient(settings: settings), resumeAfter: known)
            try reader.drain(into: store)
            return (reader.positions, reader.rejected)
        }
    }
}

/// `ecomdash lake`: look after a lake.
struct LakeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lake",
        abstract: "Describe or tidy a lake made by `ecomdash ingest`.",
        subcommands: [LakeDescribeCommand.self, LakeCompactCommand.self])
}

struct LakeDescribeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "describe",
        abstract: "The lake's days (segments, rows, bytes), its time range, dictionaries and sources.")

    @Argument(help: ArgumentHelp("The lake.", valueName: "dir"))
    var lake: String

    func run() throws {
        let l = try Lake(opening: lake)
        let m = l.manifest
        let g = NumberFormat.grouped
        var out = "lake \(lake): \(g(m.rows)) rows in \(l.partitions.count) day(s), \(g(m.segments.count)) segment(s)\n"
        if let lo = m.segments.map(\.minTime).min(), let hi = m.segments.map(\.maxTime).max() {
            out +=
                "events \(UTCCalendar.isoString(seconds: Int64(lo))) → \(UTCCalendar.isoString(seconds: Int64(hi)))\n"
        }
        let segmentBytes = m.segments.reduce(0) { $0 + $1.bytes }
        out += "bytes: segments \(g(segmentBytes)), dictionaries \(g(l.dictionaryBytes))"
        out +=
            m.rows > 0
            ? String(format: " (%.1f bytes a row)\n", Double(segmentBytes + l.dictionaryBytes) / Double(m.rows)) : "\n"
        var days = TextTable([.init("day", .left), .init("segments"), .init("rows"), .init("bytes")])
        for p in l.partitions { days.add([p.day, g(p.segments), g(p.rows), g(p.bytes)]) }
        out += "\n" + days.render()
        var sources = TextTable([
            .init("source", .left), .init("rows"), .init("rejected"), .init("ingested (UTC)", .left),
        ])
        for s in m.sources { sources.add([s.path, g(s.rows), g(s.rejected), s.ingestedAt]) }
        out += "\n" + sources.render()
        print(out, terminator: "")
    }
}

struct LakeCompactCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compact",
        abstract: "Merge the segments of each day into one (after many small landings); drop old days.")

    @Argument(help: ArgumentHelp("The lake.", valueName: "dir"))
    var lake: String

    @Option(
        name: .customLong("keep-days"),
        help: ArgumentHelp("Also drop the days older than the newest N.", valueName: "n"))
    var keepDays: Int?

    func validate() throws {
        if let k = keepDays, k < 1 { throw ValidationError("--keep-days must be 1 or more") }
    }

    func run() throws {
        let l = try Lake(opening: lake)
        let merged = try l.compact()
        print("merged \(merged) segment(s); \(l.manifest.segments.count) now")
        if let k = keepDays {
            let dropped = try l.keep(days: k)
            print("dropped \(dropped.count) day(s)")
        }
    }
}
