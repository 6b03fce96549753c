import Engine
import Foundation

/// A named Kinesis consumer's checkpoints: per shard, the sequence number of the last record
/// processed, kept in a local file (Kinesis keeps none for a plain GetRecords reader). A command
/// saves them only once its work is done — the report printed — so a consumer killed before
/// then reads the same records again, and one that finished never does: each record reaches the
/// engine's output once.
///
/// Files live in `$XDG_STATE_HOME/ecomdash/kinesis/` (default `~/.local/state/…`), one a region,
/// stream and consumer, replaced whole and flushed to disk on each save.
public struct KinesisCheckpoints {
    public let path: String
    public let stream: String
    public let consumer: String

    public init(stream: String, consumer: String, region: String, environment: [String: String]) {
        let home = environment["HOME"] ?? NSHomeDirectory()
        let state = environment["XDG_STATE_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? home + "/.local/state"
        self.stream = stream
        self.consumer = consumer
        path = "\(state)/ecomdash/kinesis/\(region).\(stream).\(consumer).json"
    }

    /// Per shard, the last sequence number processed (empty for a new consumer).
    public func load() throws -> [String: String] {
        guard let data = FileManager.default.contents(atPath: path) else { return [:] }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let shards = object["shards"] as? [String: String]
        else {
            throw AWSFailure(
                service: "Kinesis", operation: "checkpoints", type: "unreadable checkpoint file",
                message: "\(path) (remove it to start the consumer '\(consumer)' again from --start)")
        }
        return shards
    }

    public func save(_ positions: [String: String]) throws {
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let object: [String: Any] = ["stream": stream, "consumer": consumer, "shards": positions]
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted])
        try DurableFile.replace(path, with: Array(data))
    }
}
