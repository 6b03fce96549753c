import Foundation

/// Reads a stream into an ``EventStore``: every shard from a start position, or — for a named
/// consumer — from its checkpoints, so a restarted consumer resumes where it stopped.
///
/// Checkpoints are written by ``commit()``, after the caller has done what it reads for (printed a
/// report, say): a consumer killed before that reads the same records again next time, and one
/// that committed never does — each record counts in exactly one run.
public final class StreamConsumer: RecordStream {
    public let descriptor: StreamDescriptor
    private let directory: String
    private let name: String?
    private let readers: [ShardReader]
    private let appender = StreamRecordAppender(name: "stream")
    /// Per shard: its records staged and parsed (on a core of its own when read on every core),
    /// its parser.
    private var staging: [StreamRecordAppender.Staged]
    private let parsers: [RowParser]
    public private(set) var records = 0
    public var rejected: [RejectedRow] { appender.rejected }
    /// Called with every event read — its arrival time (epoch ms), `user_id` and type — in order:
    /// for burst windows on arrival time, which the store does not keep.
    public var onEvent: ((_ arrivalMilliseconds: UInt64, _ user: UInt64, _ type: UInt8) -> Void)?
    /// Called with each record's payload (see ``StreamRecordAppender/onRecord``).
    public var onRecord: ((UnsafeBufferPointer<UInt8>) -> Void)? {
        get { appender.onRecord }
        set { appender.onRecord = newValue }
    }
    /// Per shard: the newest event time read from it (epoch seconds).
    private var newestEventTime: [Int64?]

    /// Lag of one shard: records not yet read, and the age of the last record read.
    public struct Lag: Sendable, Equatable {
        public var shard: Int
        public var records: UInt64
        public var seconds: Double
    }

    /// - Parameter resumeAfter: per shard, the last sequence number already processed elsewhere
    ///   (a lake keeps them in its manifest); it wins over `start` and a named consumer's checkpoints.
    public init(
        directory: String, start: StartPosition = .trimHorizon, consumer: String? = nil,
        skipCorrupt: Bool = false, resumeAfter: [Int: UInt64] = [:]
    ) throws {
        let descriptor = try StreamDescriptor.load(directory)
        self.descriptor = descriptor
        self.directory = directory
        name = consumer
        var readers: [ShardReader] = []
        let saved = (consumer.map { Self.checkpoints(directory, $0, shards: descriptor.shards) } ?? [:])
            .merging(resumeAfter) { _, given in given }
        for s in 0..<descriptor.shards {
            var position = start
            if let seq = saved[s] { position = .afterSequence(seq) }
            readers.append(ShardReader(streamDirectory: directory, shard: s, from: position, skipCorrupt: skipCorrupt))
        }
        self.readers = readers
        newestEventTime = Array(repeating: nil, count: readers.count)
        staging = readers.map { _ in StreamRecordAppender.Staged() }  // each its own buffers
        parsers = readers.map { _ in RowParser() }
    }

    /// The event time the whole stream has been read up to, as a stream processor's watermark:
    /// the oldest of the newest event times of the shards that still hold unread records, or the
    /// newest of all once every shard is caught up; nil until each such shard delivered a record.
    ///
    /// Shards are read one after another, a few megabytes at a time; while catching up, one shard
    /// runs hours of event time ahead of the others. Windows closed by the newest time seen would
    /// close before the other shards' events for them were read — they would all look late. Each
    /// user's events stay in order on one shard, so this watermark closes a window only once no
    /// shard can still bring events for it (unless a producer sends events out of order).
    public var watermark: Int64? { watermark { newestEventTime[$0] } }

    /// Whether every shard was read to its end at its last read.
    public var caughtUp: Bool { readers.allSatisfy(\.caughtUp) }

    /// The same on arrival times (epoch milliseconds), for burst windows on arrival time. Once
    /// every shard is caught up it follows the clock, less a second: writers stamp a record as
    /// they write it, so nothing can still arrive with an older time, and a window closes on time
    /// even when no record follows it.
    public var arrivalWatermark: Int64? {
        let now = Int64(Date().timeIntervalSince1970 * 1000) - 1000
        return watermark(caughtUp: { max($0 ?? now, now) }) { s in
            readers[s].lastArrivalMilliseconds > 0 ? Int64(readers[s].lastArrivalMilliseconds) : nil
        }
    }

    /// - Parameter caughtUp: the watermark once every shard is caught up, from the newest time read.
    private func watermark(caughtUp: (Int64?) -> Int64? = { $0 }, _ newest: (Int) -> Int64?) -> Int64? {
        let behind = readers.indices.filter { !readers[$0].caughtUp }
        if behind.isEmpty { return caughtUp(readers.indices.compactMap(newest).max()) }
        var oldest = Int64.max
        for s in behind {
            guard let t = newest(s) else { return nil }
            oldest = min(oldest, t)
        }
        return oldest
    }

    /// Reads what is there now into `store`; returns the records read.
    ///
    /// - Parameter visible: called once the records are visible in the store, with each one's
    ///   arrival time (epoch milliseconds) — for append-to-visible latency.
    @discardableResult
    public func poll(
        into store: EventStore, maxBytesPerShard: Int = 4 << 20,
        visible: (([UInt64]) -> Void)? = nil
    ) throws -> Int {
        var total = 0
        var arrivals: [UInt64] = []
        var appended: [(shard: Int, rows: Range<Int>)] = []
        // Each shard's records are staged and parsed, then appended one shard after another.
        // When nothing watches them one by one in order, the shards are read on every core; else
        // one after another, up to one that fails. A shard that fails mid-read is thrown once
        // every row read before it is in: nothing read is lost.
        let (readers, parsers, directory, onEvent, onRecord) = (readers, parsers, directory, onEvent, onRecord)
        let watched = onEvent != nil || visible != nil || onRecord != nil
        let read: [(records: Int, failure: Error?)] = staging.withUnsafeMutableBufferPointer { buffer in
            let staging = UnsafeSendable(buffer)
            let readShard = { (k: Int) -> (Int, Error?) in
                let reader = readers[k]
                let source = "\(directory) shard \(reader.shard) record"
                var n = 0
                var failed: Error?
                do {
                    n = try reader.read(maxBytes: maxBytesPerShard) { seq, arrival, payload in
                        if watched {
                            if let onEvent, let e = EventRecordCodec.userAndType(payload) {
                                onEvent(arrival, e.user, e.type)
                            }
                            if visible != nil { arrivals.append(arrival) }
                        }
                        staging.value[k].add(payload, source: source, position: Int(seq), onRecord: onRecord)
                    }
                } catch {
                    failed = error
                }
                staging.value[k].parse(with: parsers[k])
                return (n, failed)
            }
            guard watched else { return Parallel.map(readers.count, readShard) }
            var read: [(Int, Error?)] = []
            for k in readers.indices where read.last?.1 == nil { read.append(readShard(k)) }
            return read
        }
        for (k, r) in read.enumerated() {
            let before = store.count
            appender.append(staging[k], to: store)
            staging[k].clear()
            appended.append((readers[k].shard, before..<store.count))
            total += r.records
        }
        let failure = read.lazy.compactMap(\.failure).first
        if total > 0 {
            let snapshot = store.snapshot()
            for (shard, rows) in appended where !rows.isEmpty {
                var newest = newestEventTime[shard] ?? .min
                for r in rows { newest = max(newest, Int64(snapshot.time(UInt32(r)))) }
                newestEventTime[shard] = newest
            }
        }
        records += total
        if let failure { throw failure }
        if let visible, !arrivals.isEmpty { visible(arrivals) }
        return total
    }

    /// Bytes of damaged records stepped over (with `skipCorrupt`).
    public var skippedBytes: Int { readers.reduce(0) { $0 + $1.skippedBytes } }
    /// Records known lost in damaged or removed segments, stepped over with `skipCorrupt`.
    public var skippedRecords: UInt64 { readers.reduce(0) { $0 + $1.skippedRecords } }
    /// One line for each damage stepped over.
    public var damage: [String] { readers.flatMap(\.damage) }

    /// Reads until every shard is exhausted (what `report --stream` does).
    public func drain(into store: EventStore) throws {
        while try poll(into: store) > 0 {}
    }

    public func pollFollowing(into store: EventStore, visible: (([UInt64]) -> Void)?) throws -> Int {
        try poll(into: store, visible: visible)
    }

    /// Per shard, the last sequence number read (shards not read from yet are left out).
    public var positions: [Int: UInt64] {
        Dictionary(uniqueKeysWithValues: readers.filter { $0.lastSequence > 0 }.map { ($0.shard, $0.lastSequence) })
    }

    /// Saves each shard's position for the named consumer.
    public func commit() throws {
        guard let name else { return }
        let dir = directory + "/consumers/" + name
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        var all = Self.checkpoints(directory, name, shards: descriptor.shards)
        for r in readers where r.lastSequence > 0 { all[r.shard] = r.lastSequence }
        // Every shard in one file, replaced at once: a consumer killed while it commits leaves all
        // its checkpoints as they were or all of them new — never some shards advanced past records
        // it did not finish with (one file per shard allowed that, losing those records).
        let text = all.keys.sorted().map { "\($0) \(all[$0]!)\n" }.joined()
        let path = dir + "/checkpoints"
        do {
            try DurableFile.replace(path, with: Array(text.utf8))
        } catch {
            throw StreamError.io(path: path, reason: "\(error)")
        }
        for s in 0..<descriptor.shards { unlink(dir + "/shard-\(s).checkpoint") }  // the old layout, now superseded
    }

    /// How far behind the newest record each shard is.
    public func lag(now: Date = Date()) -> [Lag] {
        readers.map { r in
            let newest = r.newestSequence()
            let age =
                r.lastArrivalMilliseconds > 0 ? now.timeIntervalSince1970 - Double(r.lastArrivalMilliseconds) / 1000 : 0
            return Lag(
                shard: r.shard, records: newest > r.lastSequence ? newest - r.lastSequence : 0,
                seconds: newest > r.lastSequence ? max(0, age) : 0)
        }
    }

    /// A named consumer's checkpoints: shard → the last sequence number it processed. Read from
    /// `consumers/NAME/checkpoints` (one `shard sequence` line a shard), or from the one-file-a-shard
    /// layout of earlier versions (`shard-S.checkpoint`) where that file is not there yet.
    static func checkpoints(_ directory: String, _ consumer: String, shards: Int) -> [Int: UInt64] {
        let dir = directory + "/consumers/" + consumer
        if let text = try? String(contentsOfFile: dir + "/checkpoints", encoding: .utf8) {
            var result: [Int: UInt64] = [:]
            for line in text.split(separator: "\n") {
                let fields = line.split(separator: " ")
                if fields.count == 2, let s = Int(fields[0]), let seq = UInt64(fields[1]) { result[s] = seq }
            }
            return result
        }
        var legacy: [Int: UInt64] = [:]
        for s in 0..<shards {
            guard let text = try? String(contentsOfFile: dir + "/shard-\(s).checkpoint", encoding: .utf8) else {
                continue
            }
            legacy[s] = UInt64(text.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return legacy
    }
}

#if canImport(Glibc)
    import Glibc
#endif
