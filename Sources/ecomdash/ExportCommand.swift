import AWS
import ArgumentParser
import Engine
import Foundation
import Report

/// `ecomdash export`: the rows of CSV files as a Parquet lake in the tutorial's S3 layout.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write CSV files as Parquet, Hive-partitioned by year and month, as the tutorial's lake holds them.",
        discussion: """
            Files go to DIR/p_year=YYYY/p_month=MM/part-NNNNN.parquet with exactly the dataset's nine \
            columns: event_time TIMESTAMP (UTC, microseconds); event_type, category_code, brand and \
            user_session strings, dictionary-encoded (an empty one is a null); product_id, \
            category_id and user_id INT64; price DECIMAL(10,2). DuckDB, pyarrow, Spark and Athena \
            read them; `read_parquet('DIR/**/*.parquet', hive_partitioning = true)` in DuckDB. \
            Rows keep their order; rejected rows go to --rejects as in `report`. DIR must be new or \
            empty. Each file appears whole (written aside, then renamed).
            """)

    @Argument(
        help: ArgumentHelp(
            "CSV files to read: .csv, .csv.gz or .zip, local or in S3 (s3://BUCKET/KEY, s3://BUCKET/PREFIX/).",
            valueName: "file"))
    var files: [String]

    @OptionGroup(title: "AWS (with s3:// files)") var aws: AWSOptions

    @Option(help: ArgumentHelp("The directory to write the partitions into.", valueName: "dir"))
    var parquet: String

    @Option(help: ArgumentHelp("Page compression.", valueName: "codec"))
    var compression: ParquetCompression = .snappy

    @Option(name: .customLong("row-group-rows"), help: "Rows in a row group (the last of a file may hold fewer).")
    var rowGroupRows: Int = 1 << 20

    @Option(help: ArgumentHelp("Where rejected rows are written.", valueName: "path"))
    var rejects: String = "ecomdash-rejects.csv"

    func validate() throws {
        if files.isEmpty { throw ValidationError("name at least one CSV file to export") }
        if rowGroupRows < 1 { throw ValidationError("--row-group-rows must be at least 1") }
    }

    func run() throws {
        try OutputGuard.check(rejects, option: "--rejects", inputs: files)
        let started = Date()
        let store = EventStore()
        let sink = RejectsFile(path: rejects)
        let source = try InputSources.open(files, aws: aws)
        var meter = ProgressMeter(totalBytes: source.totalBytes)
        let summary = try source.load(into: store, rejects: sink) { meter.update($0) }
        meter.finish()
        try sink.flush()
        for w in summary.warnings { printError("ecomdash: warning: " + w) }
        if summary.rejected > 0 {
            printError(
                "ecomdash: \(NumberFormat.grouped(summary.rejected)) row(s) rejected (not exported); "
                    + "they are in \(rejects)")
        }
        let written = try EventParquetExport.write(
            store, to: parquet, compression: compression, rowGroupRows: rowGroupRows)
        for f in written.files { print(parquet + "/" + f) }
        printError(
            String(
                format: "ecomdash: exported %@ rows into %d file(s), %.1f MB (%@), in %.1f s",
                NumberFormat.grouped(written.rows), written.files.count, Double(written.bytes) / 1e6,
                compression.rawValue,
                Date().timeIntervalSince(started)))
    }
}
