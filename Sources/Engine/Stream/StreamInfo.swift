import Foundation

/// What `stream describe` shows: per shard, its records, bytes, sequence numbers and arrival
/// times; per named consumer, its checkpoints.
public struct StreamInfo: Sendable {
    public struct Shard: Sendable {
        public var shard: Int
        public var records = 0
        public var bytes: Int64 = 0
        public var firstSequence: UInt64 = 0
        public var lastSequence: UInt64 = 0
        public var firstArrival: UInt64?
        public var lastArrival: UInt64?
        /// Damage found reading it: lost records, cut segments (empty when whole).
        public var damage: [String] = []
    }

    public var descriptor: StreamDescriptor
    public var shards: [Shard]
    /// Consumer name → shard → last sequence number processed.
    public var consumers: [String: [Int: UInt64]]

    public init(directory: String) throws {
        descriptor = try StreamDescriptor.load(directory)
        shards = try (0..<descriptor.shards).map { s in
            var info = Shard(shard: s)
            let reader = ShardReader(streamDirectory: directory, shard: s, from: .trimHorizon, skipCorrupt: true)
            while try reader.read(
                maxBytes: 8 << 20,
                { seq, arrival, payload in
                    if info.records == 0 {
                        info.firstSequence = seq
                        info.firstArrival = arrival
                    }
                    info.records += 1
                    info.bytes += Int64(payload.count + RecordFrame.headerSize)
                    info.lastSequence = seq
                    info.lastArrival = arrival
                }) > 0
            {}
            info.damage = reader.damage
            return info
        }
        var consumers: [String: [Int: UInt64]] = [:]
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory + "/consumers")) ?? []
        for name in names {
            consumers[name] = StreamConsumer.checkpoints(directory, name, shards: descriptor.shards)
        }
        self.consumers = consumers
    }
}
