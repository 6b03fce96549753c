import Engine
import Foundation
import Synchronization

/// Puts rows into an Amazon Kinesis data stream, as `replay --stream kinesis://NAME` does.
///
/// Records go in PutRecords calls within the API's limits (at most 500 records and 5 MiB a call,
/// 1 MiB a record). Each shard is kept under its write limits (by default 1,000 records and 1 MiB
/// a second): a record's shard is the one whose hash-key range holds the MD5 of its partition key,
/// as Kinesis routes it, and a call waits until every shard it writes to has room, with up to one
/// second of burst. Only the entries a call reports as failed are sent again; a shard that
/// throttles is paced slower from then on (and faster again while it takes everything), and a
/// call that fails as a whole is retried after a backoff with jitter. The shard map is read
/// again when an answer names a shard it does not know (the stream was resharded).
///
/// Within a shard, a retried record may land after records sent after it (PutRecords keeps no
/// order across failed entries): the engine's figures do not depend on arrival order.
public final class KinesisProducer: RecordProducer, @unchecked Sendable {
    /// What a record holds.
    public enum Format: String, CaseIterable, Sendable {
        /// ecomdash's compact JSON (the nine columns and `txn_timestamp`, UTC).
        case ecomdash
        /// Exactly the tutorial simulator's record: pretty JSON, `txn_timestamp` in local time.
        case tutorial
    }

    /// A shard's write limits.
    public struct Limits: Sendable {
        public var recordsPerSecond: Double
        public var bytesPerSecond: Double
        public init(recordsPerSecond: Double = 1000, bytesPerSecond: Double = 1_048_576) {
            self.recordsPerSecond = recordsPerSecond
            self.bytesPerSecond = bytesPerSecond
        }
    }

    struct Entry: Sendable {
        var data: [UInt8]
        var key: String
        var hash: UInt128
    }

    public let stream: String
    private let client: KinesisClient
    private let key: PartitionKey
    private let format: Format
    private let limits: Limits
    private var buffer: [Entry] = []
    /// Sends the batches, in order, on a thread of its own.
    private var sender: SerialWorker<[Entry]>!
    private let acknowledgedCount = Atomic<Int>(0)
    private let callCount = Atomic<Int>(0)
    private let retriedCount = Atomic<Int>(0)
    /// Open shards, and when each is free to take more (seconds on the sender's clock).
    private var shards: [KinesisShard]
    private var shardFreeAt: [String: Double] = [:]
    /// The share of the limits each shard is sent at: lowered when the shard throttles (it is
    /// busier than the limits say: other producers write to it, or it is provisioned lower),
    /// raised again while it takes everything.
    private var shardShare: [String: Double] = [:]

    public var acknowledged: Int { acknowledgedCount.load(ordering: .acquiring) }
    /// PutRecords calls made.
    public var calls: Int { callCount.load(ordering: .relaxed) }
    /// Records sent again after the stream refused them (throttled or failed).
    public var retried: Int { retriedCount.load(ordering: .relaxed) }
    public var pending: Int { buffer.count }
    /// Open shards at the start, for the summary.
    public let openShards: Int

    static let maxRecords = 500
    static let maxCallBytes = 5 << 20
    static let maxRecordBytes = 1 << 20

    /// Lists the stream's shards first, so that a wrong name or key fails before any row is read.
    public init(
        stream: String, client: KinesisClient, partitionKey: PartitionKey, format: Format, limits: Limits = Limits()
    ) throws {
        self.stream = stream
        self.client = client
        key = partitionKey
        self.format = format
        self.limits = limits
        shards = try client.listShards(stream).filter { !$0.closed }
        openShards = shards.count
        sender = SerialWorker(capacity: 4) { [weak self] batch in try self?.send(batch) }
    }

    public func shard(_ bytes: UnsafeBufferPointer<UInt8>, _ fields: [Range<Int>]) -> Int { 0 }

    /// Kinesis producers are not named: there is nothing to resume from.
    public func resumePoints() throws -> [UInt64] { [0] }

    public func add(
        _ bytes: UnsafeBufferPointer<UInt8>, fields: [Range<Int>], sentAt: String, row: UInt64?, shard: Int?
    ) {
        var data: [UInt8] = []
        switch format {
        case .ecomdash: EventRecordCodec.encode(bytes, fields: fields, sentAt: sentAt, into: &data)
        case .tutorial: TutorialRecord.encode(bytes, fields: fields, txnTimestamp: TutorialRecord.now(), into: &data)
        }
        let keyField = UnsafeBufferPointer(rebasing: bytes[fields[key.column]])
        let (high, low) = MD5.digest(keyField)
        // Kinesis takes partition keys of 1 to 256 characters: an empty field is sent as "-".
        let text = keyField.isEmpty ? "-" : String(decoding: keyField.prefix(256), as: UTF8.self)
        buffer.append(Entry(data: data, key: text, hash: UInt128(high) << 64 | UInt128(low)))
    }

    public func submit() {
        guard !buffer.isEmpty else { return }
        sender.submit(buffer)
        buffer = []
    }

    public func throwIfFailed() throws { try sender.throwIfFailed() }

    public func flush() throws {
        submit()
        try sender.waitForAll()
    }

    /// Sends a batch in calls within the limits, retrying what fails, until all is acknowledged.
    private func send(_ batch: [Entry]) throws {
        if let big = batch.first(where: { $0.data.count + $0.key.utf8.count > Self.maxRecordBytes }) {
            throw AWSFailure(
                service: "Kinesis", operation: "PutRecords", type: "record too large",
                message: "\(big.data.count) bytes; Kinesis takes at most 1 MiB a record")
        }
        var queue = batch[...]
        var backoff = 0.1
        var failedCalls = 0
        // A call lands at once and the shard is then given the call's time at the limit, so any
        // second can hold one call more than the limit: calls of at most a fifth of a second's
        // limit keep that within 20 % (told 800 records a second under AWS's 1,000, never
        // throttled; whole 500-record calls were, now and then).
        let callRecords = min(Self.maxRecords, max(1, Int(limits.recordsPerSecond / 5)))
        let callBytes = min(Self.maxCallBytes, max(1, Int(limits.bytesPerSecond / 5)))
        while !queue.isEmpty {
            var call: [Entry] = []
            var bytes = 0
            while call.count < callRecords, let e = queue.first,
                call.isEmpty || bytes + e.data.count + e.key.utf8.count <= callBytes
            {
                call.append(e)
                bytes += e.data.count + e.key.utf8.count
                queue.removeFirst()
            }
            waitForRoom(call)
            callCount.add(1, ordering: .relaxed)
            let answer: [String: Any]
            do {
                answer = try client.call(
                    "PutRecords",
                    [
                        "StreamName": stream,
                        "Records": call.map { ["Data": Data($0.data).base64EncodedString(), "PartitionKey": $0.key] },
                    ])
                failedCalls = 0
            } catch let f as AWSFailure where f.isTransient && failedCalls < 8 {
                failedCalls += 1
                retriedCount.add(call.count, ordering: .relaxed)
                queue = (call + queue)[...]
                Thread.sleep(forTimeInterval: backoff * Double.random(in: 0.5...1.5))
                backoff = min(backoff * 2, 5)
                continue
            }
            let results = answer["Records"] as? [[String: Any]] ?? []
            var failed: [Entry] = []
            var unknownShard = false
            var throttled = Set<String>()
            var fatal: AWSFailure? = nil
            for (i, e) in call.enumerated() {
                let r = i < results.count ? results[i] : [:]
                if let code = r["ErrorCode"] as? String {
                    // Throttling and internal failures pass; any other code (a KMS key that may not
                    // be used, say) would fail every time: the replay stops with it.
                    guard code.hasSuffix("ProvisionedThroughputExceededException") || code == "InternalFailure"
                    else {
                        fatal = AWSFailure(
                            service: "Kinesis", operation: "PutRecords", type: code,
                            message: r["ErrorMessage"] as? String ?? "")
                        continue
                    }
                    failed.append(e)
                    throttled.insert(shardId(e.hash))
                } else if r["SequenceNumber"] == nil {
                    failed.append(e)  // an answer without a result for this entry: sent again
                } else {
                    if let id = r["ShardId"] as? String, !shards.contains(where: { $0.id == id }) {
                        unknownShard = true
                    }
                }
            }
            for id in Set(call.map { shardId($0.hash) }) {
                let share = shardShare[id] ?? 1
                shardShare[id] = throttled.contains(id) ? max(0.02, share * 0.8) : min(1, share * 1.1)
            }
            let stored = results.prefix(call.count).filter { $0["SequenceNumber"] != nil }.count
            acknowledgedCount.add(stored, ordering: .releasing)
            if let fatal { throw fatal }
            if unknownShard, let fresh = try? client.listShards(stream).filter({ !$0.closed }), !fresh.isEmpty {
                shards = fresh
            }
            backoff = 0.1
            if !failed.isEmpty {
                // The throttled shards' shares were lowered: the pacing itself backs off.
                retriedCount.add(failed.count, ordering: .relaxed)
                queue = (failed + queue)[...]
                Thread.sleep(forTimeInterval: 0.1 * Double.random(in: 0.5...1.5))
            }
        }
    }

    /// Waits until every shard `call` writes to is free, then books the time its records take
    /// there at the shard's pace: a shard never takes more than its limits a second, give or
    /// take one call.
    private func waitForRoom(_ call: [Entry]) {
        var load: [String: (records: Double, bytes: Double)] = [:]
        for e in call {
            let id = shardId(e.hash)
            load[id, default: (0, 0)].records += 1
            load[id, default: (0, 0)].bytes += Double(e.data.count + e.key.utf8.count)
        }
        let wait = load.keys.map { (shardFreeAt[$0] ?? 0) - Date().timeIntervalSinceReferenceDate }.max() ?? 0
        if wait > 0 { Thread.sleep(forTimeInterval: wait) }
        let now = Date().timeIntervalSinceReferenceDate
        for (id, l) in load {
            let cost =
                max(l.records / limits.recordsPerSecond, l.bytes / limits.bytesPerSecond) / (shardShare[id] ?? 1)
            shardFreeAt[id] = max(shardFreeAt[id] ?? now, now) + cost
        }
    }

    /// The open shard whose hash-key range holds `hash`, as Kinesis routes a record.
    private func shardId(_ hash: UInt128) -> String {
        shards.first(where: { $0.hashRange.contains(hash) })?.id ?? ""
    }
}
