import Foundation

/// The one file that says what a lake holds: its committed dictionaries, its segments (day by
/// day) and the sources ingested. Replaced whole and durably (``DurableFile``) as the last step of
/// every change, so a lake is always exactly what its manifest lists.
public struct LakeManifest: Codable, Equatable, Sendable {
    public struct Segment: Codable, Equatable, Sendable {
        /// The UTC day, `YYYY-MM-DD`, and the file, relative to the lake.
        public var day: String
        public var path: String
        public var rows: Int
        public var minTime: UInt32
        public var maxTime: UInt32
        public var bytes: Int
        /// The ingest (or compaction) that wrote it.
        public var batch: Int

        /// Whether its rows may fall in `window`.
        func meets(_ window: TimeWindow) -> Bool {
            (window.from.map { Int64(maxTime) >= $0 } ?? true) && (window.to.map { Int64(minTime) < $0 } ?? true)
        }

        enum CodingKeys: String, CodingKey {
            case day, path, rows, bytes, batch
            case minTime = "min_time"
            case maxTime = "max_time"
        }
    }

    public struct Source: Codable, Equatable, Sendable {
        public var path: String
        /// Size and CRC-32s of the first and last MiB: the same file ingested again is known.
        public var fingerprint: String
        public var rows: Int
        public var rejected: Int
        public var batch: Int
        public var ingestedAt: String

        enum CodingKeys: String, CodingKey {
            case path, fingerprint, rows, rejected, batch
            case ingestedAt = "ingested_at"
        }
    }

    public var format = "ecomdash-lake"
    public var version = 1
    var dictionaries = DictionaryCounts()
    var dictionaryBytes: [String: Int] = [:]
    public var segments: [Segment] = []
    public var sources: [Source] = []
    public var nextBatch = 1
    public var nextPart = 1
    /// For each stream landed (its directory's absolute path): per shard (as text), the last
    /// sequence number in the lake. Committed with the rows, so a restarted landing continues
    /// exactly after them.
    public var streams: [String: [String: UInt64]] = [:]
    /// For each Amazon Kinesis stream landed (`kinesis://REGION/NAME`): per shard id, the last
    /// sequence number in the lake (Kinesis' decimal strings), committed with the rows.
    public var kinesis: [String: [String: String]] = [:]

    enum CodingKeys: String, CodingKey {
        case format, version, dictionaries, segments, sources, streams, kinesis
        case dictionaryBytes = "dictionary_bytes"
        case nextBatch = "next_batch"
        case nextPart = "next_part"
    }

    public init() {}

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        format = try c.decode(String.self, forKey: .format)
        version = try c.decode(Int.self, forKey: .version)
        dictionaries = try c.decode(DictionaryCounts.self, forKey: .dictionaries)
        dictionaryBytes = try c.decode([String: Int].self, forKey: .dictionaryBytes)
        segments = try c.decode([Segment].self, forKey: .segments)
        sources = try c.decode([Source].self, forKey: .sources)
        nextBatch = try c.decode(Int.self, forKey: .nextBatch)
        nextPart = try c.decode(Int.self, forKey: .nextPart)
        streams = try c.decodeIfPresent([String: [String: UInt64]].self, forKey: .streams) ?? [:]
        kinesis = try c.decodeIfPresent([String: [String: String]].self, forKey: .kinesis) ?? [:]
    }

    public var rows: Int { segments.reduce(0) { $0 + $1.rows } }

    static func read(_ path: String) throws -> LakeManifest {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LakeError.unreadable(path, "cannot read")
        }
        do {
            let m = try JSONDecoder().decode(LakeManifest.self, from: data)
            guard m.format == "ecomdash-lake" else { throw LakeError.damaged(path, "format is '\(m.format)'") }
            guard m.version == 1 else {
                throw LakeError.damaged(path, "version \(m.version); this ecomdash reads version 1")
            }
            return m
        } catch let e as LakeError {
            throw e
        } catch {
            throw LakeError.damaged(path, "not a lake manifest (\(error))")
        }
    }

    func write(_ path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try DurableFile.replace(path, with: [UInt8](try encoder.encode(self)))
    }
}
