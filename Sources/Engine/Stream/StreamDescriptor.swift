import Foundation

/// A stream's settings, kept in `DIR/stream.json`: shard count, retention, creation time. See
/// `docs/shard-log.md` for the whole on-disk format.
public struct StreamDescriptor: Codable, Sendable, Equatable {
    public var format = "ecomdash-shard-log"
    public var version = 1
    public var shards: Int
    public var retentionHours: Int
    public var created: String

    enum CodingKeys: String, CodingKey {
        case format, version, shards
        case retentionHours = "retention_hours"
        case created
    }

    public var shardMap: ShardMap { ShardMap(shards: shards) }

    /// Creates the stream directory with its shards.
    public static func create(at dir: String, shards: Int, retentionHours: Int) throws -> StreamDescriptor {
        let fm = FileManager.default
        if fm.fileExists(atPath: dir + "/stream.json") { throw StreamError.alreadyExists(dir) }
        let d = StreamDescriptor(
            shards: shards, retentionHours: retentionHours,
            created: UTCCalendar.isoString(seconds: Int64(Date().timeIntervalSince1970)))
        do {
            for s in 0..<shards {
                try fm.createDirectory(atPath: shardDirectory(dir, s), withIntermediateDirectories: true)
            }
            try fm.createDirectory(atPath: dir + "/consumers", withIntermediateDirectories: true)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try encoder.encode(d).write(to: URL(fileURLWithPath: dir + "/stream.json"))
        } catch {
            throw StreamError.io(path: dir, reason: "\(error.localizedDescription)")
        }
        return d
    }

    /// Reads `DIR/stream.json`.
    public static func load(_ dir: String) throws -> StreamDescriptor {
        guard let data = FileManager.default.contents(atPath: dir + "/stream.json") else {
            throw StreamError.notAStream(dir)
        }
        guard let d = try? JSONDecoder().decode(StreamDescriptor.self, from: data), d.format == "ecomdash-shard-log"
        else {
            throw StreamError.io(path: dir + "/stream.json", reason: "not an ecomdash stream descriptor")
        }
        return d
    }

    /// Removes a stream directory, after checking it is one.
    public static func delete(_ dir: String) throws {
        _ = try load(dir)
        do { try FileManager.default.removeItem(atPath: dir) } catch {
            throw StreamError.io(path: dir, reason: error.localizedDescription)
        }
    }

    static func shardDirectory(_ dir: String, _ shard: Int) -> String {
        dir + "/shard-" + String(repeating: "0", count: max(0, 4 - String(shard).count)) + String(shard)
    }
}
