import Foundation

/// Puts rows on a stream: each row becomes the tutorial's JSON record, routed to the shard its
/// partition key hashes to, batched per shard.
public final class StreamProducer {
    public let descriptor: StreamDescriptor
    private let writers: [ShardWriter]
    private let key: PartitionKey
    private var buffers: [[UInt8]]
    private var ranges: [[Range<Int>]]
    private var shardOfKey: [String: Int] = [:]
    /// Records handed to the operating system (acknowledged).
    public private(set) var acknowledged = 0

    public init(directory: String, partitionKey: PartitionKey) throws {
        let d = try StreamDescriptor.load(directory)
        descriptor = d
        writers = try (0..<d.shards).map {
            try ShardWriter(streamDirectory: directory, shard: $0, retentionHours: d.retentionHours)
        }
        key = partitionKey
        buffers = Array(repeating: [], count: d.shards)
        ranges = Array(repeating: [], count: d.shards)
    }

    /// Buffers one row (its nine fields, raw bytes); `flush` writes.
    public func add(fields: [ArraySlice<UInt8>], sentAt: String) {
        let keyText = String(decoding: fields[key.column], as: UTF8.self)
        let shard: Int
        if let s = shardOfKey[keyText] {
            shard = s
        } else {
            shard = descriptor.shardMap.shard(forKey: keyText)
            if shardOfKey.count > 1_000_000 { shardOfKey.removeAll(keepingCapacity: true) }
            shardOfKey[keyText] = shard
        }
        let start = buffers[shard].count
        EventRecordCodec.encode(fields: fields, sentAt: sentAt, into: &buffers[shard])
        ranges[shard].append(start..<buffers[shard].count)
    }

    /// Buffers every CSV row of `rows` (whole records, no header); returns how many had nine
    /// fields and were buffered.
    @discardableResult
    public func add(csvRows rows: [UInt8], sentAt: String) -> Int {
        var n = 0
        CSVRecords.forEach(in: rows) { fields in
            guard fields.count == EventSchema.columns.count else { return }
            add(fields: fields.map { $0[...] }, sentAt: sentAt)
            n += 1
        }
        return n
    }

    /// Rows buffered and not yet written.
    public var pending: Int { ranges.reduce(0) { $0 + $1.count } }

    /// Writes every buffered record; when it returns they are acknowledged.
    public func flush() throws {
        let now = UInt64(Date().timeIntervalSince1970 * 1000)
        for s in writers.indices where !ranges[s].isEmpty {
            try writers[s].append(buffers[s], ranges: ranges[s], arrivalMilliseconds: now)
            acknowledged += ranges[s].count
            buffers[s].removeAll(keepingCapacity: true)
            ranges[s].removeAll(keepingCapacity: true)
        }
    }
}
