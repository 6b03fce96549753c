import Engine
import Foundation

/// An S3 object read by offset, so that every reader of files (CSV, gzip, zip, Parquet) reads it
/// unchanged, streamed and never downloaded whole (an object of 64 KiB or less is one GET).
///
/// A short read away from the last one (a header, a zip directory, a Parquet footer) is one
/// ranged GET of just those bytes. Reads that follow each other are served from a pipeline of
/// ranged GETs, three ahead of the reader and in flight together, so one object arrives over
/// several connections. The ranges start at 8 MiB and double up to 64 MiB while the reads go on:
/// a header costs little, and a long read pays a GET's fixed cost (S3's first-byte latency; moto
/// reads the whole object for every range) once per 64 MiB. Memory stays at four ranges an object
/// being read.
public final class S3Object: RandomAccessInput, @unchecked Sendable {
    public let path: String
    public let size: Int64
    /// The object's ETag when it was listed: what identifies its content.
    public let etag: String
    let bucket: String
    let key: String
    private let client: S3Client
    private let lock = NSLock()
    /// The chunks being fetched or fetched, in order, each the range after the one before.
    private var pipeline: [(range: Range<Int64>, answer: PendingAnswer)] = []
    /// Where the last read ended: a read starting there is sequential.
    private var lastEnd: Int64 = -1
    /// A small object's bytes, fetched whole by its first read (its magic, tail and header would
    /// otherwise be three GETs).
    private var whole: Data? = nil
    static let smallObject: Int64 = 64 << 10

    static let firstChunk: Int64 = 8 << 20
    static let largestChunk: Int64 = 64 << 20
    static let ahead = 3
    /// Reads up to this long away from the last are fetched alone.
    static let shortRead = 1 << 20

    public init(client: S3Client, bucket: String, key: String, size: Int64, etag: String = "") {
        self.etag = etag
        self.client = client
        self.bucket = bucket
        self.key = key
        self.size = size
        path = "s3://\(bucket)/\(key)"
    }

    public func read(at offset: Int64, into buffer: UnsafeMutablePointer<UInt8>, count: Int) throws -> Int {
        guard offset < size, count > 0 else { return 0 }
        lock.lock()
        defer { lock.unlock() }
        if size <= Self.smallObject {
            if whole == nil { whole = try client.get(bucket: bucket, key: key) }
            return copy(whole!, from: Int(offset), to: buffer, count: count, endingAt: offset)
        }
        let inPipeline = pipeline.contains { $0.range.contains(offset) }
        if !inPipeline, offset != lastEnd, count <= Self.shortRead {
            let end = min(size, offset + Int64(count))
            let data = try client.get(bucket: bucket, key: key, range: offset..<end)
            return copy(data, from: 0, to: buffer, count: count, endingAt: offset)
        }
        if !inPipeline { pipeline = [] }
        pipeline.removeAll { $0.range.upperBound <= offset }
        var next = pipeline.last?.range.upperBound ?? offset
        while pipeline.count <= Self.ahead, next < size {
            let length = min(
                Self.largestChunk, max(Self.firstChunk, 2 * (pipeline.last.map { Int64($0.range.count) } ?? 0)))
            let range = next..<min(size, next + length)
            pipeline.append((range, client.startGet(bucket: bucket, key: key, range: range)))
            next = range.upperBound
        }
        let head = pipeline[0]
        let data: Data
        do {
            data = try client.finish(head.answer, bucket: bucket, key: key)
        } catch let f as AWSFailure where f.isTransient {
            // Throttled or dropped: this chunk again, with the client's own retries.
            let again = try client.get(bucket: bucket, key: key, range: head.range)
            let pending = PendingAnswer()
            pending.fulfil(HTTPTransport.Answer(status: 200, body: again, error: nil))
            pipeline[0].answer = pending
            data = again
        }
        guard Int64(data.count) == Int64(head.range.count) else {
            throw AWSFailure(
                service: "S3", operation: "GetObject", type: "short read",
                message: "\(path) gave \(data.count) bytes for \(head.range.count) (changed while read?)")
        }
        return copy(data, from: Int(offset - head.range.lowerBound), to: buffer, count: count, endingAt: offset)
    }

    /// Copies what `data` holds from `start` (at most `count` bytes) and notes where the read ended.
    private func copy(
        _ data: Data, from start: Int, to buffer: UnsafeMutablePointer<UInt8>, count: Int, endingAt offset: Int64
    ) -> Int {
        let n = max(0, min(count, data.count - start))
        data.withUnsafeBytes { raw in
            if n > 0 { buffer.update(from: raw.baseAddress!.assumingMemoryBound(to: UInt8.self) + start, count: n) }
        }
        lastEnd = offset + Int64(n)
        return n
    }
}
