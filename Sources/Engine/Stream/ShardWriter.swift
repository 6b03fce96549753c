import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Appends records to one shard. Several producers, in several processes, may append to the same
/// shard: each append holds the shard's lock file (`flock`), learns what others wrote since its
/// last append, numbers its records after theirs and writes them in one `write`. A torn tail left
/// by a producer that died mid-write is cut off by the next append.
final class ShardWriter {
    let shard: Int
    private let segments: ShardSegments
    private let lockFD: Int32
    private let segmentLimit: Int64
    private let retentionSeconds: Double
    private var fd: Int32 = -1
    private var segmentFirst: UInt64 = 0
    private var knownSize: Int64 = 0
    private(set) var lastSequence: UInt64 = 0

    init(streamDirectory: String, shard: Int, retentionHours: Int, segmentLimit: Int64 = 64 << 20) throws {
        self.shard = shard
        segments = ShardSegments(directory: StreamDescriptor.shardDirectory(streamDirectory, shard))
        self.segmentLimit = segmentLimit
        retentionSeconds = Double(retentionHours) * 3600
        let lockPath = segments.directory + "/.lock"
        lockFD = open(lockPath, O_RDWR | O_CREAT, 0o644)
        guard lockFD >= 0 else { throw StreamError.io(path: lockPath, reason: String(cString: strerror(errno))) }
    }

    deinit {
        if fd >= 0 { close(fd) }
        close(lockFD)
    }

    /// Appends records whose payloads lie at `ranges` of `payloads`; returns their sequence numbers
    /// (first, last). When this returns, the records are in the operating system's hands: a
    /// crash of this process cannot lose them.
    ///
    /// - Parameter arrivalMilliseconds: the records' arrival time; by default the moment they are
    ///   written, after the lock is held and the segment caught up — as Kinesis stamps a record
    ///   when it accepts it, so a slow first append does not age the records.
    @discardableResult
    func append(
        _ payloads: [UInt8], ranges: [Range<Int>], arrivalMilliseconds: UInt64? = nil
    ) throws -> (
        UInt64, UInt64
    ) {
        guard !ranges.isEmpty else { return (lastSequence, lastSequence) }
        while flock(lockFD, LOCK_EX) != 0 {
            guard errno == EINTR else { throw StreamError.io(path: segments.directory, reason: "cannot lock") }
        }
        defer { flock(lockFD, LOCK_UN) }
        try catchUp()
        if knownSize >= segmentLimit { try roll() }
        let arrival = arrivalMilliseconds ?? UInt64(Date().timeIntervalSince1970 * 1000)
        var frames: [UInt8] = []
        frames.reserveCapacity(payloads.count + ranges.count * RecordFrame.headerSize)
        var sequence = lastSequence
        payloads.withUnsafeBufferPointer { p in
            for r in ranges {
                sequence += 1
                RecordFrame.append(
                    sequence: sequence, arrivalMilliseconds: arrival,
                    payload: UnsafeBufferPointer(rebasing: p[r]), to: &frames)
            }
        }
        var written = 0
        try frames.withUnsafeBytes { b in
            while written < b.count {
                let n = pwrite(fd, b.baseAddress! + written, b.count - written, off_t(knownSize) + off_t(written))
                if n < 0 {
                    if errno == EINTR { continue }
                    let reason = String(cString: strerror(errno))
                    // A batch is in the stream whole or not at all: the records of a write cut
                    // short (a full disk) are taken back, so none is in the stream unacknowledged.
                    _ = ftruncate(fd, off_t(knownSize))
                    throw StreamError.io(path: segments.path(first: segmentFirst), reason: reason)
                }
                written += n
            }
        }
        knownSize += Int64(written)
        let first = lastSequence + 1
        lastSequence = sequence
        return (first, sequence)
    }

    /// Under the lock: opens the newest segment, reads what other producers appended since we
    /// last looked, and cuts off a torn tail.
    private func catchUp() throws {
        let list = try segments.list()
        if let newest = list.last, newest.first != segmentFirst || fd < 0 {
            if fd >= 0 { close(fd) }
            fd = open(newest.path, O_RDWR)
            guard fd >= 0 else { throw StreamError.io(path: newest.path, reason: String(cString: strerror(errno))) }
            segmentFirst = newest.first
            knownSize = 0
            lastSequence = newest.first > 0 ? newest.first - 1 : 0
        } else if list.isEmpty {
            try openSegment(first: 1)
            return
        }
        let size = ShardSegments.size(fd)
        guard size != knownSize else { return }
        let path = segments.path(first: segmentFirst)
        let bytes = try ShardSegments.read(fd, at: knownSize, count: Int(size - knownSize), path: path)
        var offset = 0
        var validEnd = 0
        bytes.withUnsafeBufferPointer { b in
            while offset < b.count {
                switch RecordFrame.parse(b, at: offset) {
                case .record(let seq, _, _, let next):
                    lastSequence = max(lastSequence, seq)
                    offset = next
                    validEnd = next
                case .incomplete:
                    offset = b.count
                case .corrupt:
                    // Look for a later record: data after damage is kept; only a dead tail is cut.
                    offset += 1
                }
            }
        }
        let end = knownSize + Int64(validEnd)
        if end < size { ftruncate(fd, off_t(end)) }
        knownSize = end
    }

    private func roll() throws {
        try openSegment(first: lastSequence + 1)
        // Retention: whole segments whose last write is older than the retention period go,
        // never the newest two.
        let list = (try? segments.list()) ?? []
        let cutoff = Date().addingTimeInterval(-retentionSeconds)
        for s in list.dropLast(2) {
            if let m = (try? FileManager.default.attributesOfItem(atPath: s.path))?[.modificationDate] as? Date,
                m < cutoff
            {
                try? FileManager.default.removeItem(atPath: s.path)
            }
        }
    }

    private func openSegment(first: UInt64) throws {
        if fd >= 0 { close(fd) }
        let path = segments.path(first: first)
        fd = open(path, O_RDWR | O_CREAT, 0o644)
        guard fd >= 0 else { throw StreamError.io(path: path, reason: String(cString: strerror(errno))) }
        segmentFirst = first
        knownSize = 0
        lastSequence = first - 1
    }
}
