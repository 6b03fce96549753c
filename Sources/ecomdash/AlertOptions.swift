import AWS
import ArgumentParser
import Engine

/// Where burst alerts are sent besides the screen or the report.
struct AlertOptions: ParsableArguments {
    @Option(
        name: .customLong("alerts-jsonl"),
        help: ArgumentHelp("Append each alert to this file as one JSON line.", valueName: "file"))
    var alertsJSONL: String?

    @Option(
        name: .customLong("on-alert"),
        help: ArgumentHelp(
            "Run this command for each alert, with the alert's JSON on its standard input: a program and its arguments, split into words as a shell would ('…' and \"…\" quote, \\ escapes) and run directly — no shell, so no pipes or redirections (use sh -c '…' for those).",
            valueName: "command"))
    var onAlert: String?

    @Option(
        name: .customLong("on-alert-log"),
        help: ArgumentHelp(
            "Append the --on-alert command's standard output and error to this file (default: discarded, so they never mix with the report or the screen).",
            valueName: "file"))
    var onAlertLog: String = "/dev/null"

    @Option(
        name: .customLong("alerts-kinesis"),
        help: ArgumentHelp(
            "Put each alert into this Kinesis stream as the tutorial's Flink job does — {\"user_id\": …, \"num_actions_per_watermark\": …}, keyed by user — so its alerting Lambda runs unchanged.",
            valueName: "kinesis://NAME"))
    var alertsKinesis: String?

    /// The sinks asked for; each alert reaches each sink once.
    func sinks(aws: AWSOptions) throws -> [AlertSink] {
        var sinks: [AlertSink] = []
        if let address = alertsKinesis {
            guard let name = KinesisAddress.streamName(address), !name.isEmpty else {
                throw ValidationError("--alerts-kinesis takes kinesis://NAME")
            }
            sinks.append(KinesisAlertSink(stream: name, client: KinesisClient(settings: try aws.settings())))
        }
        if let path = alertsJSONL { sinks.append(try JSONLinesAlertSink(path: path)) }
        if let command = onAlert {
            let words: [String]
            do { words = try CommandWords.split(command) } catch { throw ValidationError("--on-alert: \(error)") }
            guard !words.isEmpty else { throw ValidationError("--on-alert needs a command") }
            sinks.append(CommandAlertSink(command: words, outputPath: onAlertLog))
        }
        return sinks
    }
}
