import Foundation

/// Puts rows on a stream: each row becomes the tutorial's JSON record, routed to the shard its
/// partition key hashes to, batched per shard.
public final class StreamProducer {
    public let descriptor: StreamDescriptor
    private let writers: [ShardWriter]
    private let key: PartitionKey
    private var buffers: [[UInt8]]
    private var ranges: [[Range<Int>]]
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

    /// Buffers one row: its nine fields are `fields` ranges of `bytes`. `flush` writes.
    public func add(_ bytes: UnsafeBufferPointer<UInt8>, fields: [Range<Int>], sentAt: String) {
        let keyRange = fields[key.column]
        let shard = descriptor.shardMap.shard(forKey: UnsafeBufferPointer(rebasing: bytes[keyRange]))
        let start = buffers[shard].count
        EventRecordCodec.encode(bytes, fields: fields, sentAt: sentAt, into: &buffers[shard])
        ranges[shard].append(start..<buffers[shard].count)
    }

    /// Buffers every CSV row of `rows` (whole records, no header); returns how many had nine
    /// fields and were buffered.
    @discardableResult
    public func add(csvRows rows: [UInt8], sentAt: String) -> Int {
        var n = 0
        CSVRecords.forEach(in: rows) { bytes, fields in
            guard fields.count == EventSchema.columns.count else { return }
            add(bytes, fields: fields, sentAt: sentAt)
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
