import Engine
import Foundation

/// Reads an Amazon Kinesis data stream into the store: `report --stream kinesis://NAME` drains it
/// until every shard is caught up; the dashboard's `--follow` polls it for as long as it runs.
///
/// Shards are read in turns, one GetRecords each a round, at most five calls and 2 MiB a second a
/// shard;
/// a throttled shard is backed off with jitter; an expired iterator is renewed after the last
/// sequence number read. After a reshard a child is read only once its parents have been read
/// to their ends, so a key's records stay in order; the shard list is read again when a shard
/// ends (its children appear) and, when following, every 10 seconds. MillisBehindLatest is each
/// shard's lag. Records are recognised one by one (the tutorial's pretty JSON with
/// `txn_timestamp`, compact JSON, ecomdash's own format, a CSV line); one that cannot be read is
/// a reject.
public final class KinesisStreamReader: RecordStream {
    /// Where reading starts in a shard that has no checkpoint.
    public enum Start: Sendable, Equatable {
        case trimHorizon
        case latest
        /// The first record that arrived at or after this time.
        case atTimestamp(Date)
    }

    private struct ShardState {
        var shard: KinesisShard
        var iterator: String?
        var lastSequence: String?
        var lastCall = Date.distantPast
        var backoff = 0.2
        var notBefore = Date.distantPast
        /// Read to its end (a closed shard): its children may be read.
        var finished = false
        var caughtUp = false
        var millisBehind: Int64 = 0
        /// Listed after reading began (a child of a reshard): read from its first record.
        var fromStart = false
    }

    private let client: KinesisClient
    public let stream: String
    private let start: Start
    private let appender = StreamRecordAppender(name: "kinesis")
    private var shards: [String: ShardState] = [:]
    private var pendingResume: [String: String] = [:]
    private var listedAt = Date.distantPast
    private var reachable = false
    public private(set) var records = 0
    public var rejected: [RejectedRow] { appender.rejected }
    /// Called with each record's payload (see ``StreamRecordAppender/onRecord``).
    public var onRecord: ((UnsafeBufferPointer<UInt8>) -> Void)? {
        get { appender.onRecord }
        set { appender.onRecord = newValue }
    }

    /// A named consumer's checkpoints, saved by ``commit()``.
    public let checkpoints: KinesisCheckpoints?

    /// - Parameter resumeAfter: per shard, the last sequence number already processed (a lake's
    ///   positions): reading resumes after it, whatever `start` says. With `checkpoints` (a named
    ///   consumer), reading resumes after the saved ones.
    public init(
        stream: String, client: KinesisClient, start: Start = .trimHorizon, resumeAfter: [String: String] = [:],
        checkpoints: KinesisCheckpoints? = nil
    ) throws {
        self.checkpoints = checkpoints
        let resumeAfter = try checkpoints?.load() ?? resumeAfter
        self.stream = stream
        self.client = client
        self.start = start
        for (id, sequence) in resumeAfter { pendingResume[id] = sequence }
    }

    /// Saves the named consumer's checkpoints (nothing without a name).
    public func commit() throws { try checkpoints?.save(positions) }

    /// Per shard, the last sequence number read: what a consumer checkpoints.
    public var positions: [String: String] {
        var out = pendingResume
        for (id, s) in shards { if let q = s.lastSequence { out[id] = q } }
        return out
    }

    /// Per shard, how far behind the newest record it is (MillisBehindLatest of its last read).
    public var lag: [(shard: String, millis: Int64)] {
        shards.values.map { ($0.shard.id, $0.millisBehind) }.sorted { $0.shard < $1.shard }
    }

    /// True when every readable shard was caught up at its last read.
    public var caughtUp: Bool {
        reachable && readable().allSatisfy { shards[$0]!.caughtUp }
    }

    /// Reads every shard to its end or to the present, appending rows to `store`.
    public func drain(into store: EventStore) throws {
        repeat { _ = try poll(into: store) } while !caughtUp
    }

    public func pollFollowing(into store: EventStore, visible: (([UInt64]) -> Void)?) throws -> Int {
        try poll(into: store, following: true, visible: visible)
    }

    /// One round: one GetRecords from each shard that may be read now. Returns the records read.
    ///
    /// - Parameter visible: called once the records are in the store, with each one's
    ///   ApproximateArrivalTimestamp (epoch milliseconds) — for append-to-visible latency.
    @discardableResult
    public func poll(
        into store: EventStore, following: Bool = false, visible: (([UInt64]) -> Void)? = nil
    ) throws -> Int {
        if !reachable || (following && Date().timeIntervalSince(listedAt) > 10) { try relist() }
        let before = records
        var ended = false
        var arrivals: [UInt64]? = visible == nil ? nil : []
        for id in readable() {
            ended = try read(id, into: store, arrivals: &arrivals) || ended
        }
        appender.flush(into: store)
        if let visible, let arrivals, !arrivals.isEmpty { visible(arrivals) }
        if ended { try relist() }
        if records == before {
            // Nothing came: wait for the earliest shard that may be called again.
            let next = readable().map { max(shards[$0]!.notBefore, shards[$0]!.lastCall.addingTimeInterval(0.2)) }.min()
            if let next, next > Date() { Thread.sleep(until: next) }
        }
        return records - before
    }

    /// Shards that may be read: not finished, and every parent listed is finished.
    private func readable() -> [String] {
        shards.values.filter { s in
            !s.finished
                && [s.shard.parent, s.shard.adjacentParent].allSatisfy { p in
                    p.map { shards[$0].map(\.finished) ?? true } ?? true
                }
        }.map(\.shard.id).sorted()
    }

    /// Kinesis' read limit a shard (shared by every reader of the shard that is not enhanced fan-out).
    static let shardBytesPerSecond = 2.0 * 1_048_576

    private func relist() throws {
        for shard in try client.listShards(stream) where shards[shard.id] == nil {
            shards[shard.id] = ShardState(shard: shard, lastSequence: pendingResume[shard.id], fromStart: reachable)
        }
        listedAt = Date()
        reachable = true
    }

    /// One GetRecords from a shard; returns true when the shard has just ended.
    ///
    /// - Parameter arrivals: when not nil, gets each record's arrival time (epoch milliseconds).
    private func read(_ id: String, into store: EventStore, arrivals: inout [UInt64]?) throws -> Bool {
        var s = shards[id]!
        defer { shards[id] = s }
        let now = Date()
        guard now >= s.notBefore, now.timeIntervalSince(s.lastCall) >= 0.2 else { return false }
        if s.iterator == nil {
            s.iterator = try iterator(for: s)
            if s.iterator == nil {
                s.finished = true
                return true
            }
        }
        s.lastCall = Date()
        let page: [String: Any]
        do {
            page = try client.call("GetRecords", ["ShardIterator": s.iterator!, "Limit": 10_000])
            s.backoff = 0.2
        } catch let f as AWSFailure where f.isThrottling {
            s.notBefore = Date().addingTimeInterval(s.backoff * Double.random(in: 0.5...1.5))
            s.backoff = min(s.backoff * 2, 5)
            return false
        } catch let f as AWSFailure where f.type.hasSuffix("ExpiredIteratorException") {
            s.iterator = nil  // renewed after the last sequence read, on the next turn
            return false
        }
        let batch = page["Records"] as? [[String: Any]] ?? []
        var bytes = 0
        for r in batch {
            guard let text = r["Data"] as? String, let data = Data(base64Encoded: text) else { continue }
            bytes += data.count
            Array(data).withUnsafeBufferPointer {
                appender.add($0, source: "kinesis://\(stream) \(id) record", position: records + 1)
            }
            records += 1
            arrivals?.append(Self.arrivalMilliseconds(r))
            s.lastSequence = r["SequenceNumber"] as? String ?? s.lastSequence
        }
        // A shard gives at most 2 MiB a second: the next call waits for what this one took.
        s.notBefore = s.lastCall.addingTimeInterval(Double(bytes) / Self.shardBytesPerSecond)
        s.millisBehind = (page["MillisBehindLatest"] as? NSNumber)?.int64Value ?? 0
        s.caughtUp = batch.isEmpty && s.millisBehind == 0
        s.iterator = page["NextShardIterator"] as? String
        if s.iterator == nil {  // a closed shard read to its end
            s.finished = true
            return true
        }
        return false
    }

    /// A record's ApproximateArrivalTimestamp (epoch seconds, with a fraction) in milliseconds.
    static func arrivalMilliseconds(_ record: [String: Any]) -> UInt64 {
        let value = record["ApproximateArrivalTimestamp"]
        let seconds = (value as? NSNumber)?.doubleValue ?? (value as? String).flatMap(Double.init) ?? 0
        return UInt64(max(0, seconds * 1000))
    }

    private func iterator(for s: ShardState) throws -> String? {
        var body: [String: Any] = ["StreamName": stream, "ShardId": s.shard.id]
        if let sequence = s.lastSequence {
            body["ShardIteratorType"] = "AFTER_SEQUENCE_NUMBER"
            body["StartingSequenceNumber"] = sequence
        } else {
            switch s.fromStart ? .trimHorizon : start {
            case .trimHorizon: body["ShardIteratorType"] = "TRIM_HORIZON"
            case .latest: body["ShardIteratorType"] = "LATEST"
            case .atTimestamp(let t):
                body["ShardIteratorType"] = "AT_TIMESTAMP"
                body["Timestamp"] = t.timeIntervalSince1970
            }
        }
        return try client.call("GetShardIterator", body)["ShardIterator"] as? String
    }
}
