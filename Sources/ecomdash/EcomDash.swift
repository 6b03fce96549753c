import ArgumentParser

/// The `ecomdash` command: terminal-native analytics for e-commerce clickstreams.
@main
struct EcomDash: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ecomdash",
        abstract: "Terminal-native analytics for e-commerce clickstreams.",
        discussion: """
            With no subcommand, opens the live dashboard: `ecomdash FILE…` on CSV files (plain, \
            .gz or .zip), `ecomdash --follow DIR` on a stream, `ecomdash` or `ecomdash --demo` on \
            generated events arriving live. `report` prints the same figures for scripts: unique \
            visitors per day, cart abandonment, top categories by hour and weekday, brands that \
            need more marketing, and activity bursts. `replay` and `stream` run the live pipeline \
            on local shard logs with Kinesis semantics; `export` writes Parquet in the tutorial's lake \
            layout; `ingest` lands files in a lake that `report` and the dashboard reopen without \
            parsing.
            """,
        version: "0.1.0",
        subcommands: [
            DashboardCommand.self, ReportCommand.self, GenerateCommand.self, ReplayCommand.self,
            StreamCommand.self, ExportCommand.self, IngestCommand.self, LakeCommand.self,
        ],
        defaultSubcommand: DashboardCommand.self
    )
}
