import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Where a consumer starts reading a shard, as Kinesis names them.
public enum StartPosition: Sendable, Equatable {
    /// The oldest record kept.
    case trimHorizon
    /// Only records written after the consumer started.
    case latest
    /// The record with this sequence number and those after it.
    case atSequence(UInt64)
    /// Records after this sequence number (a checkpoint).
    case afterSequence(UInt64)
    /// Records that arrived at or after this time (epoch milliseconds).
    case atTime(UInt64)
}

/// Reads one shard's records in order from a start position, and keeps up with appends.
///
/// At the end of the newest segment a partly written record is left for the next read (its
/// producer may still be writing it). Damage anywhere else is an error naming shard, segment and
/// offset — or, with `skipCorrupt`, is stepped over to the next whole record and counted. A
/// segment with a newer one after it is sealed: its records must run without a gap up to the next
/// segment's first sequence number, so a truncated or removed segment is found and reported with
/// the records it lost, never read as a shorter shard; a segment or shard that cannot be read is an
/// error, never taken for an empty one.
final class ShardReader {
    let shard: Int
    private let segments: ShardSegments
    private var position: StartPosition
    private let skipCorrupt: Bool
    private var fd: Int32 = -1
    private var segmentFirst: UInt64 = 0
    private var segmentPath = ""
    private var offset: Int64 = 0
    private var started = false
    private(set) var lastSequence: UInt64 = 0
    private(set) var lastArrivalMilliseconds: UInt64 = 0
    private(set) var skippedBytes = 0
    /// Records known lost (a gap in the sequence numbers), stepped over with `skipCorrupt`.
    private(set) var skippedRecords: UInt64 = 0
    /// One line for each damage stepped over: shard, segment, what was lost.
    private(set) var damage: [String] = []
    /// Whether the last read left no whole record unread (more may be appended later).
    private(set) var caughtUp = false
    /// How far `newestSequence` has parsed the newest segment, so each call reads only what
    /// was appended since (lag is asked twice a second while segments grow to many megabytes).
    private var newestScan: (path: String, offset: Int, last: UInt64)?

    init(streamDirectory: String, shard: Int, from position: StartPosition, skipCorrupt: Bool = false) {
        self.shard = shard
        segments = ShardSegments(directory: StreamDescriptor.shardDirectory(streamDirectory, shard))
        self.position = position
        self.skipCorrupt = skipCorrupt
    }

    deinit { if fd >= 0 { close(fd) } }

    /// Calls `body` with each new record (sequence, arrival ms, payload), up to about `maxBytes`
    /// of payload; returns how many it passed.
    @discardableResult
    func read(
        maxBytes: Int = 4 << 20, _ body: (UInt64, UInt64, UnsafeBufferPointer<UInt8>) throws -> Void
    ) throws -> Int {
        if !started { try start() }
        guard try fd >= 0 || openNext() else {
            caughtUp = true
            return 0
        }
        var delivered = 0
        while true {
            let size = ShardSegments.size(fd)
            if size > offset {
                let bytes = try ShardSegments.read(
                    fd, at: offset, count: Int(min(Int64(maxBytes + RecordFrame.maxPayload), size - offset)),
                    path: segmentPath)
                var at = 0
                var stop = false
                try bytes.withUnsafeBufferPointer { b in
                    while !stop, at < b.count {
                        switch RecordFrame.parse(b, at: at) {
                        case .record(let seq, let arrival, let payload, let next):
                            if wanted(seq, arrival) {
                                try body(seq, arrival, UnsafeBufferPointer(rebasing: b[payload]))
                                delivered += 1
                            }
                            lastSequence = seq
                            lastArrivalMilliseconds = arrival
                            at = next
                        case .incomplete:
                            stop = true
                        case .corrupt(let why):
                            guard skipCorrupt else {
                                throw StreamError.corrupt(
                                    shard: shard, segment: URL(fileURLWithPath: segmentPath).lastPathComponent,
                                    offset: offset + Int64(at), reason: why)
                            }
                            at += 1
                            skippedBytes += 1
                        }
                    }
                }
                offset += Int64(at)
                if at > 0, delivered > 0 {
                    caughtUp =
                        offset >= size && !((try? segments.list())?.contains { $0.first > segmentFirst } ?? false)
                    return delivered
                }
                if at > 0 { continue }
            }
            // At the end of this segment. A newer one means this one is sealed: its size is final
            // once the newer one exists (read it again: the writer may have appended, then rolled,
            // since), and its records must reach the newer one's first sequence number.
            if let next = try segments.list().first(where: { $0.first > segmentFirst }) {
                if ShardSegments.size(fd) > size { continue }
                try checkSealed(size: size, nextFirst: next.first)
                close(fd)
                fd = -1
                guard try openNext() else {
                    caughtUp = true
                    return delivered
                }
                continue
            }
            caughtUp = true
            return delivered
        }
    }

    /// Checks a sealed segment read to its end: no bytes left that are not a whole record, and no
    /// sequence numbers missing before the next segment's first. Throws, or with `skipCorrupt`
    /// counts what was lost and says so in `damage`.
    private func checkSealed(size: Int64, nextFirst: UInt64) throws {
        // The next record expected: after the last one read, and not before this segment's first.
        let expected = max(lastSequence &+ 1, segmentFirst)
        let missing = nextFirst > expected ? nextFirst - expected : 0
        let tail = size - offset
        guard missing > 0 || tail > 0 else { return }
        let segment = URL(fileURLWithPath: segmentPath).lastPathComponent
        var why =
            missing > 0
            ? "\(missing) record(s), sequence numbers \(expected)–\(nextFirst - 1), are missing: the segment ends "
                + "early or a segment after it was removed (the next one starts at \(nextFirst))"
            : "\(tail) byte(s) at its end are not a whole record"
        if missing > 0, tail > 0 { why += "; \(tail) byte(s) at its end are not a whole record" }
        guard skipCorrupt else {
            throw StreamError.corrupt(
                shard: shard, segment: segment, offset: offset, reason: why + " (--skip-corrupt steps over them)")
        }
        skippedRecords += missing
        skippedBytes += Int(tail)
        damage.append("shard \(shard), segment \(segment): " + why)
    }

    /// The sequence number of the newest record in the shard (0 when empty), for lag.
    func newestSequence() -> UInt64 {
        guard let newest = (try? segments.list())?.last else { return 0 }
        let f = open(newest.path, O_RDONLY)
        guard f >= 0 else { return newestScan?.last ?? 0 }
        defer { close(f) }
        let size = Int(ShardSegments.size(f))
        let fresh = (path: newest.path, offset: 0, last: newest.first > 0 ? newest.first - 1 : 0)
        // Start over on a new segment, or one cut shorter (a torn tail truncated by a writer).
        var scan = newestScan.flatMap { $0.path == newest.path && $0.offset <= size ? $0 : nil } ?? fresh
        guard size > scan.offset,
            let bytes = try? ShardSegments.read(
                f, at: Int64(scan.offset), count: size - scan.offset, path: newest.path)
        else { return scan.last }
        var at = 0
        bytes.withUnsafeBufferPointer { b in
            while at < b.count, case .record(let seq, _, _, let next) = RecordFrame.parse(b, at: at) {
                scan.last = seq
                at = next
            }
        }
        scan.offset += at
        newestScan = scan
        return scan.last
    }

    private func wanted(_ seq: UInt64, _ arrival: UInt64) -> Bool {
        switch position {
        case .trimHorizon, .latest: true
        case .atSequence(let n): seq >= n
        case .afterSequence(let n): seq > n
        case .atTime(let t): arrival >= t
        }
    }

    private func start() throws {
        started = true
        let list = try segments.list()
        switch position {
        case .latest:
            guard let newest = list.last else { return }
            fd = open(newest.path, O_RDONLY)
            segmentFirst = newest.first
            segmentPath = newest.path
            offset = ShardSegments.size(fd)
            lastSequence = newestSequence()
        case .atSequence(let n), .afterSequence(let n):
            // Start in the newest segment that begins at or before the wanted record.
            if let s = list.last(where: { $0.first <= n }) {
                fd = open(s.path, O_RDONLY)
                segmentFirst = s.first
                segmentPath = s.path
            }
        default: break
        }
    }

    /// Opens the segment after the current one (the oldest at first); false when there is none.
    ///
    /// - Throws: when the segment exists but cannot be opened (permissions): never read as empty.
    private func openNext() throws -> Bool {
        guard
            let next = try segments.list().first(where: {
                fd < 0 && !segmentPath.isEmpty ? $0.first > segmentFirst : true
            })
        else {
            return false
        }
        fd = open(next.path, O_RDONLY)
        if fd < 0 {
            let reason = String(cString: strerror(errno))
            if errno == ENOENT { return try openNext() }  // removed by retention meanwhile
            throw StreamError.io(path: next.path, reason: "cannot read shard \(shard)'s segment: \(reason)")
        }
        segmentFirst = next.first
        segmentPath = next.path
        offset = 0
        return true
    }
}
