import ArgumentParser
import Engine
import Foundation

/// `ecomdash generate`: realistic synthetic shop events, for demos, tests and benchmarks.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write realistic synthetic events as the dataset's CSV.",
        discussion: """
            The same seed gives the same file. The data follows the real dataset's published shape: \
            96 % views, ~2 % carts, ~1.7 % purchases; sessions of a few events; empty category codes \
            and brands tied to whole categories and products; Zipf-like product and brand popularity; \
            the UTC daily curve; the mid-November sale.
            """)

    @Option(help: "Number of rows to write.")
    var rows: Int

    @Option(help: "Random seed.")
    var seed: UInt64 = 1

    @Option(help: ArgumentHelp("First day (UTC), YYYY-MM-DD.", valueName: "date"))
    var start: String = "2019-10-01"

    @Option(help: "Number of days the rows spread over.")
    var days: Int = 31

    @Option(help: "Users who burst (25–60 events within seconds) once each, to exercise the burst alerts.")
    var bots: Int = 0

    @Option(
        help: ArgumentHelp(
            "Output file; a name ending in .gz is gzip-compressed. Default: standard output.",
            valueName: "path"))
    var out: String?

    mutating func validate() throws {
        if rows < 0 { throw ValidationError("--rows must be 0 or more") }
        if days < 1 { throw ValidationError("--days must be 1 or more") }
        if bots < 0 { throw ValidationError("--bots must be 0 or more") }
        guard let t = UTCCalendar.parseInstant(start), t % UTCCalendar.secondsPerDay == 0 else {
            throw ValidationError("--start '\(start)' is not a date such as 2019-10-01")
        }
    }

    func run() throws {
        let startDay = UTCCalendar.parseInstant(start)! / UTCCalendar.secondsPerDay
        let generator = EventGenerator(
            GeneratorOptions(rows: rows, seed: seed, startDay: startDay, days: days, bots: bots))
        let sink: ByteSink
        if let out {
            sink = out.hasSuffix(".gz") ? try GzipSink(path: out) : try FileSink(path: out)
        } else {
            sink = FileSink()
        }
        let showProgress = out != nil && isatty(2) == 1 && rows >= 1_000_000
        let started = Date()
        try generator.write(to: sink) { written in
            guard showProgress else { return }
            let rate = Double(written) / max(Date().timeIntervalSince(started), 1e-3)
            let line = String(
                format: "\r%d / %d rows  %3.0f%%  %.1f M rows/s ", written, rows,
                Double(written) * 100 / Double(max(rows, 1)), rate / 1e6)
            FileHandle.standardError.write(Data(line.utf8))
        }
        if showProgress { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
