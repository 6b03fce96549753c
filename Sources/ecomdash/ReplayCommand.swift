import AWS
import ArgumentParser
import CSupport
import Engine
import Foundation
import Synchronization

/// Set by SIGINT, SIGTERM or SIGHUP: a long-running command finishes what it holds and stops.
let stopRequested = Atomic<Bool>(false)

/// Makes SIGINT, SIGTERM and SIGHUP (the terminal closed) set `stopRequested` instead of killing
/// the process. A SIGHUP that is ignored (`nohup`) stays ignored.
func installStopHandlers() {
    signal(SIGINT) { _ in stopRequested.store(true, ordering: .relaxed) }
    signal(SIGTERM) { _ in stopRequested.store(true, ordering: .relaxed) }
    if ecomdash_signal_ignored(SIGHUP) == 0 {
        signal(SIGHUP) { _ in stopRequested.store(true, ordering: .relaxed) }
    }
    // A process started by a thread that blocks these signals inherits the block: lift it.
    var stopSignals = sigset_t()
    sigemptyset(&stopSignals)
    for s in [SIGINT, SIGTERM, SIGHUP] { sigaddset(&stopSignals, s) }
    pthread_sigmask(SIG_UNBLOCK, &stopSignals, nil)
}

/// `ecomdash replay`: the store simulator, putting CSV rows on a stream.
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Replay CSV files into a stream, paced like a live shop.",
        discussion: """
            Each row becomes a JSON record with the nine columns as strings and txn_timestamp, the \
            time it was sent, as the tutorial's simulator sends it. Pacing: event time × --speed \
            (default 60: an hour of events a minute), or --rate records a second, or --max.

            The partition key picks the shard (MD5 of the key). The default, user, keeps each user's \
            events in order on one shard — which per-user figures need — and spreads evenly; \
            category, the tutorial's choice, makes hot shards (smartphones are a quarter of events).

            Ctrl-C or SIGTERM stops cleanly: every record counted as sent is in the stream. \
            Several replays may write to one stream at once.

            Amazon Kinesis: --stream kinesis://NAME puts the rows into a Kinesis data stream with \
            PutRecords (at most 500 records and 5 MiB a call), each shard kept under \
            --shard-records records and --shard-bytes bytes a second (Kinesis' write limits by \
            default); entries the stream refuses are sent again after a backoff. \
            --record-format tutorial sends exactly the tutorial simulator's records (pretty JSON, \
            txn_timestamp in local time), so its Flink job and Lambda run on them unchanged; use \
            --partition-key category for its partition key too.
            """)

    @Argument(help: "CSV files (.csv, .csv.gz, .zip), a lake, or s3://BUCKET/KEY and s3://BUCKET/PREFIX/.")
    var files: [String]
    @Option(
        help: ArgumentHelp(
            "The stream: a directory (see `ecomdash stream create`) or kinesis://NAME.", valueName: "dir"))
    var stream: String
    @Option(help: "Event-time seconds per second.") var speed: Double?
    @Option(help: "Records per second, instead of event-time pacing.") var rate: Double?
    @Flag(help: "As fast as possible.") var max = false
    @Option(name: .customLong("partition-key"), help: "What picks a record's shard.") var partitionKey: PartitionKey =
        .user
    @Option(help: "Replay the files this many times.") var loop: Int = 1
    @Flag(
        name: .customLong("shift-loops"),
        help:
            "With --loop: each pass moves its event times forward by the files' span in whole days, so the shop keeps going forward in time (else every pass repeats the same times)."
    )
    var shiftLoops = false
    @Option(help: ArgumentHelp("Only rows at or after this UTC time.", valueName: "time")) var from: String?
    @Option(help: ArgumentHelp("Only rows before this UTC time.", valueName: "time")) var to: String?
    @Option(
        help: ArgumentHelp(
            "Name this producer: its records carry the name and their row number, and a run with the same name resumes after what an earlier (killed) run sent — nothing twice, nothing lost.",
            valueName: "name"))
    var producer: String?
    @Option(
        name: .customLong("inject-bots"),
        help: "Add this many bots on the fly, each bursting once (25–60 events within seconds) at a random point.")
    var injectBots: Int = 0
    @Option(name: .customLong("record-format"), help: "With kinesis://: what a record holds.")
    var recordFormat: KinesisProducer.Format = .ecomdash
    @Option(name: .customLong("shard-records"), help: "With kinesis://: records a second a shard at most.")
    var shardRecords: Double = 1000
    @Option(name: .customLong("shard-bytes"), help: "With kinesis://: bytes a second a shard at most.")
    var shardBytes: Double = 1_048_576
    @OptionGroup(title: "AWS (with --stream kinesis://NAME or s3:// files)") var aws: AWSOptions

    func validate() throws {
        if files.isEmpty { throw ValidationError("name at least one CSV file to replay") }
        if [speed != nil, rate != nil, max].filter({ $0 }).count > 1 {
            throw ValidationError("choose one of --speed, --rate and --max")
        }
        if let s = speed, s <= 0 { throw ValidationError("--speed must be positive") }
        if let r = rate, r <= 0 { throw ValidationError("--rate must be positive") }
        if loop < 1 { throw ValidationError("--loop must be 1 or more") }
        if injectBots < 0 { throw ValidationError("--inject-bots must be 0 or more") }
        if let name = KinesisAddress.streamName(stream) {
            if name.isEmpty { throw ValidationError("kinesis:// needs a stream name: kinesis://NAME") }
            if producer != nil {
                throw ValidationError("--producer resumes replays into shard logs; a Kinesis replay is not named")
            }
            if shardRecords <= 0 || shardBytes <= 0 {
                throw ValidationError("--shard-records and --shard-bytes must be positive")
            }
        }
        if let p = producer, p.isEmpty || !p.allSatisfy({ $0.isLetter || $0.isNumber || "._-".contains($0) }) {
            throw ValidationError("--producer takes letters, digits, '.', '_' and '-'")
        }
    }

    func run() throws {
        let window = TimeWindow(from: try from.map(Self.instant), to: try to.map(Self.instant))
        let producer: any RecordProducer
        if let name = KinesisAddress.streamName(stream) {
            producer = try KinesisProducer(
                stream: name, client: KinesisClient(settings: try aws.settings()), partitionKey: partitionKey,
                format: recordFormat,
                limits: KinesisProducer.Limits(recordsPerSecond: shardRecords, bytesPerSecond: shardBytes))
        } else {
            producer = try StreamProducer(directory: stream, partitionKey: partitionKey, name: self.producer)
        }
        _ = try InputSources.text(files, aws: aws)  // every header checked before anything is sent
        let pace: ReplayPace = max ? .max : rate.map { .rate($0) } ?? .eventTime(speed: speed ?? 60)
        installStopHandlers()
        let showProgress = isatty(2) == 1
        var lastDraw = Date.distantPast
        let summary = try Replayer(
            producer: producer, pace: pace, window: window, loops: loop, shiftLoops: shiftLoops, injectBots: injectBots
        )
        .run(
            opening: { try InputSources.text(files, aws: aws) },
            shouldStop: { stopRequested.load(ordering: .relaxed) }
        ) { s in
            guard showProgress, Date().timeIntervalSince(lastDraw) > 0.2 else { return }
            lastDraw = Date()
            let line = String(
                format: "\rsent %d records, %.0f/s ", s.sent, Double(s.sent) / Swift.max(s.elapsed, 0.001))
            FileHandle.standardError.write(Data(line.utf8))
        }
        if showProgress { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        var message = "sent \(summary.sent) records to \(stream) in \(String(format: "%.1f", summary.elapsed)) s"
        if summary.skipped > 0 { message += "; \(summary.skipped) unreadable rows skipped" }
        if summary.resumed > 0 { message += "; \(summary.resumed) rows were already sent by an earlier run" }
        if let k = producer as? KinesisProducer {
            message += " (\(k.openShards) open shard(s), \(k.calls) PutRecords call(s)"
            message += k.retried > 0 ? ", \(k.retried) record(s) sent again after the stream refused them)" : ")"
        }
        if summary.stopped { message += " (stopped)" }
        printError(message)
    }

    static func instant(_ s: String) throws -> Int64 {
        guard let t = UTCCalendar.parseInstant(s) else {
            throw ValidationError("'\(s)' is not a UTC time such as 2019-10-01")
        }
        return t
    }
}
