import ArgumentParser

/// The `ecomdash` command: terminal-native analytics for e-commerce clickstreams.
@main
struct EcomDash: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ecomdash",
        abstract: "Terminal-native analytics for e-commerce clickstreams.",
        discussion: """
            Reads the "eCommerce behavior data from multi category store" CSV files (plain, .gz or \
            .zip) into an in-memory columnar engine and reports unique visitors per day, cart \
            abandonment, top categories by hour and weekday, and brands that need more marketing.
            """,
        version: "0.1.0",
        subcommands: [
            DashboardCommand.self, ReportCommand.self, GenerateCommand.self, ReplayCommand.self,
            StreamCommand.self,
        ],
        defaultSubcommand: DashboardCommand.self
    )
}
