import ArgumentParser
import Engine

/// The options every command that reads events shares: which rows, and how to group them.
struct InputOptions: ParsableArguments {
    @Argument(
        help: ArgumentHelp(
            "Files to read: CSV (.csv, .csv.gz — also several gzip members —, .zip archives of CSVs), Parquet files, or directories of Parquet files (Hive partitions such as category_id=…/ supply missing columns); s3://BUCKET/KEY or s3://BUCKET/PREFIX/ reads objects in S3 (p_year=/p_month= partitions pruned by --from/--to).",
            valueName: "file"))
    var files: [String] = []

    @Option(
        help: ArgumentHelp(
            "Only rows at or after this UTC time: YYYY-MM-DD, 'YYYY-MM-DD HH:MM[:SS]' or ISO 8601.",
            valueName: "time"))
    var from: String?

    @Option(help: ArgumentHelp("Only rows before this UTC time (same forms as --from).", valueName: "time"))
    var to: String?

    @Option(
        name: .customLong("category-level"),
        help: ArgumentHelp(
            "Cut category codes to their first N dot-separated parts (1: electronics). Default: whole codes.",
            valueName: "n"))
    var categoryLevel: Int?

    @Option(
        name: .customLong("min-views"),
        help: ArgumentHelp(
            "Brands need at least this many views to take part in the under-exposed rule (default 100; the dashboard's config may set another).",
            valueName: "n"))
    var minViews: Int?

    @Option(
        name: .customLong("rank-by"),
        help: ArgumentHelp(
            "Metric that ranks categories.", valueName: "metric"))
    var rankBy: ActivityMetric = .views

    @Option(
        name: .customLong("window"),
        help: ArgumentHelp("Burst windows: a length such as 10s, 1m or 30 (seconds).", valueName: "length"))
    var burstWindow: String = "10s"

    @Option(
        name: .customLong("window-time"),
        help: ArgumentHelp(
            "Burst windows on event time; on arrival time (when a shard log stored each record; --follow DIR and report --stream DIR); or on txn time (each record's txn_timestamp, when the tutorial's simulator sent it, as its Flink job windows; --follow and report --stream, shard logs and Kinesis).",
            valueName: "time"))
    var windowTime: BurstClock = .event

    @Option(name: .customLong("alert-over"), help: "A user with more events than this in one window raises an alert.")
    var alertOver: Int = 10

    @Option(name: .customLong("active-over"), help: "A user with more events than this in one window is active.")
    var activeOver: Int = 1

    /// Burst windows on arrival time rather than event time.
    var arrivalTime: Bool { windowTime == .arrival }

    mutating func validate() throws {
        _ = try burstRule()
        if let l = categoryLevel, l < 1 { throw ValidationError("--category-level must be 1 or more") }
        if let m = minViews, m < 0 { throw ValidationError("--min-views must be 0 or more") }
        _ = try window()
    }

    func window() throws -> TimeWindow {
        func parse(_ s: String?, _ name: String) throws -> Int64? {
            guard let s else { return nil }
            guard let t = UTCCalendar.parseInstant(s) else {
                throw ValidationError("\(name) '\(s)' is not a UTC time such as 2019-10-01 or '2019-10-01 12:00:00'")
            }
            return t
        }
        let w = TimeWindow(from: try parse(from, "--from"), to: try parse(to, "--to"))
        if let f = w.from, let t = w.to, f >= t { throw ValidationError("--from must be before --to") }
        return w
    }

    func burstRule() throws -> BurstRule {
        var text = Substring(burstWindow)
        var unit: Int64 = 1
        if text.hasSuffix("s") {
            text = text.dropLast()
        } else if text.hasSuffix("m") {
            text = text.dropLast()
            unit = 60
        } else if text.hasSuffix("h") {
            text = text.dropLast()
            unit = 3600
        }
        guard let n = Int64(text), n > 0 else {
            throw ValidationError("--window '\(burstWindow)' is not a whole length such as 10s or 1m")
        }
        guard alertOver >= 0, activeOver >= 0 else {
            throw ValidationError("--alert-over and --active-over must be 0 or more")
        }
        return BurstRule(windowSeconds: n * unit, activeOver: activeOver, alertOver: alertOver)
    }

    func insightOptions() throws -> InsightOptions {
        InsightOptions(
            window: try window(), categoryLevel: categoryLevel, minViews: minViews ?? 100,
            rankCategoriesBy: rankBy, burst: try burstRule())
    }
}
