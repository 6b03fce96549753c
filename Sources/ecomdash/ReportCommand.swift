import AWS
import ArgumentParser
import Engine
import Foundation
import Report

/// `ecomdash report`: the insights of the dashboard, printed for scripts and checks.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Print the insights of CSV or Parquet files as a table, CSV, JSON or an HTML page.",
        discussion: """
            Formats:
              table  readable text for an 80-column terminal; long lists show their top 10 \
            (change with --top).
              json   one JSON object with every section (see docs/insights.md); complete lists unless --top.
              csv    one section as CSV, chosen with --section: \(CSVSection.allCases.map(\.rawValue).joined(separator: ", ")).
              html   one self-contained page (key figures, an SVG chart a section, the tables; no \
            script or external resource): `ecomdash report FILE --format html > report.html`.

            Rows that cannot be read are rejected: they count in no figure, the first ones are listed \
            on standard error as file:line: reason, and all of them are written, byte for byte, to \
            the rejects file (default ./ecomdash-rejects.csv, created only when a row is rejected).

            A lake (`ecomdash ingest`) keeps the figures a report folded from it in LAKE/views/: the \
            next report of the same lake with the same options reads them back and loads no row; a \
            landing, a compaction or other options fold again (docs/lake.md, "Saved views").
            """)

    @OptionGroup var input: InputOptions

    @Option(help: "Output format.")
    var format: ReportFormat = .table

    @Option(
        help: ArgumentHelp(
            "Longest list in any section (default: complete lists; 10 in the table format).",
            valueName: "n"))
    var top: Int?

    @Option(help: ArgumentHelp("With --format csv: the section to print.", valueName: "name"))
    var section: CSVSection?

    @Flag(
        help: ArgumentHelp(
            "Compare the key figures of the period (--from/--to; by default the data's last whole UTC day) with the period of the same length before it."
        ))
    var compare = false

    @Option(help: ArgumentHelp("Where rejected rows are written (CSV: file, line, reason, row).", valueName: "path"))
    var rejects: String = "ecomdash-rejects.csv"

    @Option(
        help: ArgumentHelp(
            "Read a stream instead of files: a shard-log directory, or kinesis://NAME (Amazon Kinesis, read until every shard is caught up).",
            valueName: "dir"))
    var stream: String?

    @OptionGroup(title: "AWS (with s3:// files or --stream kinesis://NAME)") var aws: AWSOptions

    @OptionGroup var streamOptions: StreamReadOptions

    @OptionGroup var alertOptions: AlertOptions

    mutating func validate() throws {
        if let t = top, t < 1 { throw ValidationError("--top must be 1 or more") }
        if input.files.isEmpty, stream == nil {
            throw ValidationError("name at least one CSV file to read, or --stream DIR")
        }
        if !input.files.isEmpty, stream != nil {
            throw ValidationError("read files or --stream, not both")
        }
        _ = try streamOptions.startPosition()
        if let s = stream, let name = KinesisAddress.streamName(s) {
            if name.isEmpty { throw ValidationError("kinesis:// needs a stream name: kinesis://NAME") }
            if input.arrivalTime {
                throw ValidationError(
                    "--window-time arrival is for shard logs: Kinesis records carry no arrival stamp of ecomdash's")
            }
        }
        if input.windowTime == .txn, stream == nil {
            throw ValidationError("--window-time txn needs --stream: txn_timestamp is in stream records")
        }
        if input.arrivalTime, stream == nil {
            throw ValidationError("--window-time arrival needs --stream: files carry no arrival time")
        }
        if format == .csv {
            guard section != nil else {
                throw ValidationError(
                    "--format csv prints one section: add --section with one of \(CSVSection.allCases.map(\.rawValue).joined(separator: ", "))"
                )
            }
        } else if section != nil {
            throw ValidationError("--section goes with --format csv")
        }
    }

    func run() throws {
        var trace = PhaseTrace()
        try OutputGuard.check(rejects, option: "--rejects", inputs: input.files)
        try OutputGuard.check(alertOptions.alertsJSONL, option: "--alerts-jsonl", inputs: input.files)
        let options = try input.insightOptions()
        let store = EventStore()
        let sink = RejectsFile(path: rejects)
        var consumer: RecordStream? = nil
        // A lake's figures are saved beside it once folded (docs/lake.md, "Saved views").
        var savedFigures: (views: LakeViews, view: ReportFigures.View)? = nil
        var txnBursts: TxnBurstWindows? = nil
        var streamBursts: ([BurstAlert], [(start: Int64, users: Int)])? = nil
        let summary: IngestSummary
        if let address = stream {
            let reader = try streamOptions.stream(address, aws: aws)
            let started = Date()
            if input.arrivalTime, let c = reader as? StreamConsumer {
                let windows = ArrivalBurstWindows(consumer: c, rule: options.burst)
                var alerts: [BurstAlert] = []
                while try c.poll(into: store) > 0 { alerts += windows.advance() }
                alerts += windows.finish()
                streamBursts = (
                    alerts.sorted { ($0.windowStart, $0.userId) < ($1.windowStart, $1.userId) },
                    windows.detector.activeUsers
                )
            }
            let txn = input.windowTime == .txn ? TxnBurstWindows(rule: options.burst) : nil
            if let txn { reader.onRecord = txn.record }
            try reader.drain(into: store)
            txnBursts = txn
            for r in reader.rejected { try sink.write(r) }
            summary = IngestSummary(
                sources: [address], rows: store.count, rejected: reader.rejected.count,
                firstRejects: Array(reader.rejected.prefix(20)), elapsed: Date().timeIntervalSince(started))
            consumer = reader
            if let c = reader as? StreamConsumer, c.skippedBytes > 0 || c.skippedRecords > 0 {
                printError(
                    "ecomdash: stepped over \(NumberFormat.grouped(c.skippedBytes)) bytes of damaged records and "
                        + "\(NumberFormat.grouped(Int(c.skippedRecords))) missing record(s) in \(address):")
                for line in c.damage { printError("  " + line) }
            }
        } else {
            let source = try InputSources.open(input.files, window: options.window, aws: aws)
            if let lake = source as? LakeSource {
                let views = LakeViews(lake: lake.lake)
                let view = ReportFigures.View(options: options, tiles: holdsTiles, compare: compare)
                if let saved = views.load(ReportFigures.self, kind: ReportFigures.kind, view: view) {
                    trace.mark("ingest")
                    try print(saved, sources: source.names, options: options, trace: &trace)
                    return
                }
                savedFigures = (views, view)
            }
            var meter = ProgressMeter(totalBytes: source.totalBytes)
            summary = try source.load(into: store, rejects: sink) { meter.update($0) }
            meter.finish()
            for w in summary.warnings { printError("ecomdash: warning: " + w) }
        }
        if let txn = txnBursts {
            streamBursts = (txn.finish(), txn.detector.activeUsers)
            if let notice = txn.notice { printError("ecomdash: " + notice) }
        }
        store.finishLoading()  // no row follows: free what only appends need
        try sink.flush()
        trace.mark("ingest")
        if summary.rejected > 0 {
            var message = "ecomdash: \(NumberFormat.grouped(summary.rejected)) row(s) rejected:"
            for r in summary.firstRejects.prefix(10) { message += "\n  " + r.message }
            if summary.rejected > 10 { message += "\n  …" }
            message += "\nall rejected rows are in \(rejects)"
            printError(message)
        }
        let snapshot = store.snapshot()
        let folded = FoldedInsights(snapshot, options: options)
        var insights = folded.insights
        if let (alerts, active) = streamBursts {
            insights.bursts.alerts = alerts
            insights.bursts.activeUsers = active
        }
        trace.mark("insights")
        var figures = ReportFigures(
            rows: summary.rows, rejected: summary.rejected, insights: insights,
            anomalies: HourlyAnomalies(snapshot, hourly: folded.hourly, window: options.window))
        trace.mark("anomalies")
        // The page's tiles: the compared period's figures under --compare (computed there), else the window's.
        if holdsTiles { figures.kpis = PeriodKPIs(snapshot, window: options.window) }
        if compare {
            if let period = PeriodComparison.period(options.window, in: snapshot) {
                figures.comparison = PeriodComparison(snapshot, window: period)
            } else {
                printError("ecomdash: --compare: no period to compare (no rows, or --from is not before --to)")
            }
            trace.mark("comparison")
        }
        try print(
            figures, sources: summary.sources, options: options, trace: &trace,
            rejectsPath: summary.rejected > 0 ? rejects : nil)
        if let (views, view) = savedFigures { views.save(figures, kind: ReportFigures.kind, view: view) }
        // The report is out — written, not only buffered: only then do these records count as
        // processed. A run killed after saving its checkpoints had lost the buffered report.
        if consumer != nil, fflush(nil) != 0 {
            printError("ecomdash: the report could not be written out: the consumer's checkpoints are not saved")
            throw ExitCode(1)
        }
        try consumer?.commit()
    }

    /// Whether the report holds the window's key figures: the HTML page's tiles, unless
    /// `--compare` gives them its periods.
    private var holdsTiles: Bool { format == .html && !compare }

    /// Sends the alerts to their sinks and prints the report of `figures`.
    private func print(
        _ figures: ReportFigures, sources: [String], options: InsightOptions, trace: inout PhaseTrace,
        rejectsPath: String? = nil
    ) throws {
        let sinks = try alertOptions.sinks(aws: aws)
        if !sinks.isEmpty {
            AlertDispatcher(sinks: sinks).dispatch(
                figures.insights.bursts.alerts, rule: options.burst, latest: 0, final: true)
            for s in sinks { s.drain() }
            for p in sinks.compactMap(\.problem) { printError("ecomdash: " + p) }
        }
        var document = ReportDocument(
            source: ReportSource(
                inputs: sources, rows: figures.rows, rejected: figures.rejected, window: options.window,
                rejectsPath: rejectsPath),
            insights: figures.insights, options: options, top: top)
        document.anomalies = figures.anomalies
        document.kpis = figures.kpis
        document.comparison = figures.comparison
        switch format {
        case .json: Swift.print(document.json.rendered())
        case .csv: Swift.print(document.csv(section!), terminator: "")
        case .table: Swift.print(document.table, terminator: "")
        case .html: Swift.print(document.html, terminator: "")
        }
        trace.mark("render")
    }
}
