import Engine
import Foundation

/// Reads a Kinesis data stream into the store from the oldest record kept (TRIM_HORIZON) until
/// every shard is caught up — what `report --stream kinesis://NAME` needs.
///
/// Shards are listed with paging; a parent shard (after a reshard) is read to its end before its
/// children; GetRecords is called at most five times a second a shard and backed off with jitter
/// when the shard is throttled; an expired iterator is renewed after the last sequence number
/// read. Records are recognised one by one (the tutorial's pretty JSON with `txn_timestamp`,
/// compact JSON, ecomdash's own format, a CSV line); one that cannot be read is a reject.
public final class KinesisStreamReader {
    private let client: KinesisClient
    public let stream: String
    private let appender = StreamRecordAppender(name: "kinesis")
    public private(set) var records = 0
    public var rejected: [RejectedRow] { appender.rejected }

    public init(stream: String, client: KinesisClient) {
        self.stream = stream
        self.client = client
    }

    /// Reads every shard to its end or to the present, appending rows to `store`.
    public func drain(into store: EventStore) throws {
        let shards = try client.listShards(stream)
        let listed = Set(shards.map(\.id))
        // Parents before children: a shard whose parents are listed waits until they are read.
        var done = Set<String>()
        var pending = shards
        while !pending.isEmpty {
            let ready = pending.filter { s in
                [s.parent, s.adjacentParent].allSatisfy { p in
                    p.map { done.contains($0) || !listed.contains($0) } ?? true
                }
            }
            guard !ready.isEmpty else { break }
            for s in ready {
                try read(shard: s.id, into: store)
                done.insert(s.id)
            }
            pending.removeAll { done.contains($0.id) }
        }
    }

    private func read(shard: String, into store: EventStore) throws {
        var iterator = try shardIterator(shard, after: nil)
        var lastSequence: String? = nil
        var lastCall = Date.distantPast
        var backoff = 0.2
        while let current = iterator {
            // At most five GetRecords a second a shard.
            let wait = 0.2 - Date().timeIntervalSince(lastCall)
            if wait > 0 { Thread.sleep(forTimeInterval: wait) }
            lastCall = Date()
            let page: [String: Any]
            do {
                page = try client.call("GetRecords", ["ShardIterator": current, "Limit": 10_000])
                backoff = 0.2
            } catch let f as AWSFailure where f.isThrottling {
                Thread.sleep(forTimeInterval: backoff * Double.random(in: 0.5...1.5))
                backoff = min(backoff * 2, 5)
                continue
            } catch let f as AWSFailure where f.type.hasSuffix("ExpiredIteratorException") {
                iterator = try shardIterator(shard, after: lastSequence)
                continue
            }
            let batch = page["Records"] as? [[String: Any]] ?? []
            for r in batch {
                guard let text = r["Data"] as? String, let data = Data(base64Encoded: text) else { continue }
                let sequence = r["SequenceNumber"] as? String ?? ""
                Array(data).withUnsafeBufferPointer {
                    appender.add($0, source: "kinesis://\(stream) \(shard) record", position: records + 1)
                }
                records += 1
                lastSequence = sequence
            }
            appender.flush(into: store)
            let behind = (page["MillisBehindLatest"] as? NSNumber)?.int64Value ?? 0
            iterator = page["NextShardIterator"] as? String  // nil: a closed shard read to its end
            if batch.isEmpty, behind == 0 { break }  // caught up with the present
        }
    }

    private func shardIterator(_ shard: String, after sequence: String?) throws -> String? {
        var body: [String: Any] = ["StreamName": stream, "ShardId": shard]
        if let sequence {
            body["ShardIteratorType"] = "AFTER_SEQUENCE_NUMBER"
            body["StartingSequenceNumber"] = sequence
        } else {
            body["ShardIteratorType"] = "TRIM_HORIZON"
        }
        return try client.call("GetShardIterator", body)["ShardIterator"] as? String
    }
}
