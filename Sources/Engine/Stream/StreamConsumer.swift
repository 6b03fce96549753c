import Foundation

/// Reads a stream into an ``EventStore``: every shard from a start position, or — for a named
/// consumer — from its checkpoints, so a restarted consumer resumes where it stopped.
///
/// Checkpoints are written by ``commit()``, after the caller has done what it reads for (printed a
/// report, say): a consumer killed before that reads the same records again next time, and one
/// that committed never does — each record counts in exactly one run.
public final class StreamConsumer {
    public let descriptor: StreamDescriptor
    private let directory: String
    private let name: String?
    private let readers: [ShardReader]
    private let appender = CSVAppender(name: "stream")
    public private(set) var records = 0
    public private(set) var rejected: [RejectedRow] = []
    /// Called with every event read — its arrival time (epoch ms), `user_id` and type — in order:
    /// for burst windows on arrival time, which the store does not keep.
    public var onEvent: ((_ arrivalMilliseconds: UInt64, _ user: UInt64, _ type: UInt8) -> Void)?

    /// Lag of one shard: records not yet read, and the age of the last record read.
    public struct Lag: Sendable, Equatable {
        public var shard: Int
        public var records: UInt64
        public var seconds: Double
    }

    public init(
        directory: String, start: StartPosition = .trimHorizon, consumer: String? = nil,
        skipCorrupt: Bool = false
    ) throws {
        descriptor = try StreamDescriptor.load(directory)
        self.directory = directory
        name = consumer
        var readers: [ShardReader] = []
        for s in 0..<descriptor.shards {
            var position = start
            if let consumer, let seq = Self.checkpoint(directory, consumer, s) { position = .afterSequence(seq) }
            readers.append(ShardReader(streamDirectory: directory, shard: s, from: position, skipCorrupt: skipCorrupt))
        }
        self.readers = readers
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
        for reader in readers {
            var batch: [UInt8] = []
            let n = try reader.read(maxBytes: maxBytesPerShard) { seq, arrival, payload in
                if let onEvent, let e = EventRecordCodec.userAndType(payload) { onEvent(arrival, e.user, e.type) }
                if visible != nil { arrivals.append(arrival) }
                if let why = EventRecordCodec.csvRow(payload, into: &batch) {
                    rejected.append(
                        RejectedRow(
                            file: "\(directory) shard \(reader.shard) record", line: Int(seq),
                            reason: .badRecord(why), raw: Array(payload)))
                }
            }
            let (_, bad) = appender.append(batch, to: store)
            rejected += bad
            total += n
        }
        records += total
        if let visible, !arrivals.isEmpty { visible(arrivals) }
        return total
    }

    /// Bytes of damaged records stepped over (with `skipCorrupt`).
    public var skippedBytes: Int { readers.reduce(0) { $0 + $1.skippedBytes } }

    /// Reads until every shard is exhausted (what `report --stream` does).
    public func drain(into store: EventStore) throws {
        while try poll(into: store) > 0 {}
    }

    /// Saves each shard's position for the named consumer.
    public func commit() throws {
        guard let name else { return }
        let dir = directory + "/consumers/" + name
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for r in readers where r.lastSequence > 0 {
            let path = dir + "/shard-\(r.shard).checkpoint"
            do {
                try (String(r.lastSequence) + "\n").write(toFile: path + ".tmp", atomically: false, encoding: .utf8)
                _ = rename(path + ".tmp", path)  // atomic: a crash leaves the old checkpoint or the new one
            } catch {
                throw StreamError.io(path: path, reason: error.localizedDescription)
            }
        }
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

    static func checkpoint(_ directory: String, _ consumer: String, _ shard: Int) -> UInt64? {
        let path = directory + "/consumers/" + consumer + "/shard-\(shard).checkpoint"
        return (try? String(contentsOfFile: path, encoding: .utf8)).flatMap {
            UInt64($0.trimmingCharacters(in: .whitespacesAndNewlines))
        }
    }
}

#if canImport(Glibc)
    import Glibc
#endif
