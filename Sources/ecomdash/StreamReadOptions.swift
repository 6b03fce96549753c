import AWS
import ArgumentParser
import Engine
import Foundation

/// How a command reads a stream: from which position, as which consumer.
struct StreamReadOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Where to start in each shard: trim-horizon (the oldest kept, default), latest, sequence:N, or time:T (arrival).",
            valueName: "position"))
    var start: String = "trim-horizon"

    @Option(
        help: ArgumentHelp(
            "A named consumer: resume after its checkpoints and save them when done, so each record is processed once.",
            valueName: "name"))
    var consumer: String?

    @Flag(name: .customLong("skip-corrupt"), help: "Step over damaged records instead of stopping at them.")
    var skipCorrupt = false

    func startPosition() throws -> StartPosition {
        switch start {
        case "trim-horizon": return .trimHorizon
        case "latest": return .latest
        default:
            if start.hasPrefix("sequence:"), let n = UInt64(start.dropFirst(9)) { return .atSequence(n) }
            if start.hasPrefix("time:"), let t = UTCCalendar.parseInstant(String(start.dropFirst(5))) {
                return .atTime(UInt64(t) * 1000)
            }
            throw ValidationError("--start must be trim-horizon, latest, sequence:N or time:YYYY-MM-DD[ HH:MM:SS]")
        }
    }

    /// A consumer of the stream at `directory`, as these options ask.
    func consumer(of directory: String) throws -> StreamConsumer {
        try StreamConsumer(
            directory: directory, start: try startPosition(), consumer: consumer, skipCorrupt: skipCorrupt)
    }

    /// The stream `address` names (a shard-log directory or kinesis://NAME), read as these
    /// options ask.
    func stream(_ address: String, aws: AWSOptions) throws -> RecordStream {
        if let name = KinesisAddress.streamName(address) {
            return try kinesisReader(of: name, settings: try aws.settings())
        }
        return try consumer(of: address)
    }

    /// A reader of the Kinesis stream `name` as these options ask, resuming after the named
    /// consumer's checkpoints when --consumer is given.
    func kinesisReader(of name: String, settings: AWSSettings) throws -> KinesisStreamReader {
        let start: KinesisStreamReader.Start
        switch try startPosition() {
        case .trimHorizon: start = .trimHorizon
        case .latest: start = .latest
        case .atTime(let ms): start = .atTimestamp(Date(timeIntervalSince1970: Double(ms) / 1000))
        case .atSequence, .afterSequence:
            throw ValidationError("--start sequence:N is for shard logs; Kinesis sequence numbers are per shard")
        }
        let checkpoints = consumer.map {
            KinesisCheckpoints(
                stream: name, consumer: $0, region: settings.region, environment: ProcessInfo.processInfo.environment)
        }
        return try KinesisStreamReader(
            stream: name, client: KinesisClient(settings: settings), start: start, checkpoints: checkpoints)
    }
}
