import Foundation
import Synchronization

/// Puts rows on a stream: each row becomes the tutorial's JSON record, routed to the shard its
/// partition key hashes to, batched per shard.
///
/// Encoding runs on the caller's thread and writing on a writer thread of the producer's own, so
/// the two overlap: ``submit()`` hands the batches over, ``flush()`` also waits until they are
/// written.
public final class StreamProducer: RecordProducer, @unchecked Sendable {
    public let descriptor: StreamDescriptor
    private let writers: [ShardWriter]
    private let directory: String
    private let key: PartitionKey
    private var buffers: [[UInt8]]
    private var ranges: [[Range<Int>]]
    private let acknowledgedCount = Atomic<Int>(0)
    /// Writes the batches, in order, on a thread of its own.
    private var writer: SerialWorker<Batch>!

    private struct Batch: @unchecked Sendable {
        var shard: Int
        var payloads: [UInt8]
        var ranges: [Range<Int>]
    }

    /// With a name, records carry it and their row number, and ``resumePoints()`` finds where a
    /// previous run of the same producer stopped.
    public let name: String?
    private let nameBytes: [UInt8]
    /// Held while this producer lives: one process at a time may send as a given name.
    private let nameLock: ProducerNameLock?

    /// Records written to the stream (acknowledged): in the operating system's hands.
    public var acknowledged: Int { acknowledgedCount.load(ordering: .acquiring) }

    public init(directory: String, partitionKey: PartitionKey, name: String? = nil) throws {
        self.name = name
        nameBytes = Array((name ?? "").utf8)
        self.directory = directory
        let d = try StreamDescriptor.load(directory)
        nameLock = try name.map { try ProducerNameLock(directory: directory, name: $0) }
        descriptor = d
        writers = try (0..<d.shards).map {
            try ShardWriter(streamDirectory: directory, shard: $0, retentionHours: d.retentionHours)
        }
        key = partitionKey
        buffers = Array(repeating: [], count: d.shards)
        ranges = Array(repeating: [], count: d.shards)
        writer = SerialWorker(capacity: 8) { [weak self] b in
            guard let self else { return }
            try self.writers[b.shard].append(b.payloads, ranges: b.ranges)
            self.acknowledgedCount.add(b.ranges.count, ordering: .releasing)
        }
    }

    /// Buffers one row: its nine fields are `fields` ranges of `bytes`. `flush` writes.
    ///
    /// - Parameter shard: the row's shard, when the caller has already asked ``shard(_:_:)``.
    public func add(
        _ bytes: UnsafeBufferPointer<UInt8>, fields: [Range<Int>], sentAt: String, row: UInt64? = nil,
        shard known: Int? = nil
    ) {
        let shard = known ?? shard(bytes, fields)
        let start = buffers[shard].count
        let origin = name != nil ? row.map { (nameBytes, $0) } : nil
        EventRecordCodec.encode(bytes, fields: fields, sentAt: sentAt, origin: origin, into: &buffers[shard])
        ranges[shard].append(start..<buffers[shard].count)
    }

    /// The shard a row goes to.
    public func shard(_ bytes: UnsafeBufferPointer<UInt8>, _ fields: [Range<Int>]) -> Int {
        descriptor.shardMap.shard(forKey: UnsafeBufferPointer(rebasing: bytes[fields[key.column]]))
    }

    /// For a named producer: per shard, the highest row number of its records already in the
    /// stream. Rows go to their shard in order, so a row is in the stream exactly when its number
    /// is at or below its shard's point.
    public func resumePoints() throws -> [UInt64] {
        guard name != nil else { return Array(repeating: 0, count: descriptor.shards) }
        return try (0..<descriptor.shards).map { s in
            let reader = ShardReader(streamDirectory: directory, shard: s, from: .trimHorizon, skipCorrupt: true)
            var highest: UInt64 = 0
            while try reader.read(
                maxBytes: 8 << 20,
                { _, _, payload in
                    if let o = EventRecordCodec.origin(payload), o.producer.elementsEqual(nameBytes) {
                        highest = max(highest, o.row)
                    }
                }) > 0
            {}
            return highest
        }
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

    /// Hands every buffered record to the writer thread and returns at once.
    public func submit() {
        for s in writers.indices where !ranges[s].isEmpty {
            writer.submit(Batch(shard: s, payloads: buffers[s], ranges: ranges[s]))
            buffers[s] = []
            ranges[s] = []
        }
    }

    /// The first write error so far, if any (writes go on in the background between flushes).
    public func throwIfFailed() throws { try writer.throwIfFailed() }

    /// Writes every buffered record and waits: when it returns they are acknowledged.
    ///
    /// - Throws: the first error a write met.
    public func flush() throws {
        submit()
        try writer.waitForAll()
    }
}
