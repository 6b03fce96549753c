/// Text that may be CSV or JSON event records one after another — what Kinesis Data Firehose
/// lands in S3 from the tutorial's stream: the records concatenated with no delimiter (or one a
/// line). The first bytes decide: a `{` means records, each turned into a CSV row as a stream
/// record is (``EventRecordCodec``), under the dataset's header; anything else is passed through
/// untouched. A record that is not an event is passed on as one line of its own, marked with why
/// (``RejectedLine``), so the CSV reader rejects it with that reason and its place into the
/// rejects file: nothing is dropped silently.
final class JSONRecordsSource: ByteSource {
    private let input: ByteSource
    /// Bytes read from the input while deciding, served first when passing CSV through.
    private var prefix: [UInt8] = []
    private var prefixAt = 0
    private let json: Bool
    private var inputEnded = false
    /// CSV text made from records, not yet handed out.
    private var pending: [UInt8] = []
    private var pendingAt = 0
    /// Input bytes of records not yet complete, and the scanner's place in them.
    private var carry: [UInt8] = []
    private var scan = 0
    private var objectStart: Int? = nil
    private var depth = 0
    private var inString = false
    private var escaped = false

    var consumed: Int64 { input.consumed }
    var warning: String? { input.warning }
    var marksRejectedLines: Bool { json }

    init(input: ByteSource) throws {
        self.input = input
        var buffer = [UInt8](repeating: 0, count: 4096)
        var first: UInt8? = nil
        while first == nil {
            let n = try buffer.withUnsafeMutableBufferPointer { try input.read(into: $0.baseAddress!, count: $0.count) }
            if n == 0 {
                inputEnded = true
                break
            }
            prefix += buffer[0..<n]
            first = prefix.first { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }
        }
        json = first == 0x7B
        if json {
            carry = prefix
            prefix = []
            pending = Array((EventSchema.headerLine + "\n").utf8)
        }
    }

    func read(into buffer: UnsafeMutablePointer<UInt8>, count: Int) throws -> Int {
        guard json else {
            if prefixAt < prefix.count {
                let n = min(count, prefix.count - prefixAt)
                prefix.withUnsafeBufferPointer { buffer.update(from: $0.baseAddress! + prefixAt, count: n) }
                prefixAt += n
                return n
            }
            return inputEnded ? 0 : try input.read(into: buffer, count: count)
        }
        while pendingAt == pending.count {
            pending.removeAll(keepingCapacity: true)
            pendingAt = 0
            if inputEnded {
                // Whatever is left is an unfinished record: passed on to be rejected.
                if let start = objectStart ?? carry.indices.first(where: { !Self.isSpace(carry[$0]) }) {
                    appendRejected(
                        carry[start...],
                        why: objectStart == nil ? "text that is not a JSON object" : "a JSON object cut off at the end")
                    carry = []
                    objectStart = nil
                    scan = 0
                    continue
                }
                return 0
            }
            try fill()
            splitRecords()
        }
        let n = min(count, pending.count - pendingAt)
        pending.withUnsafeBufferPointer { buffer.update(from: $0.baseAddress! + pendingAt, count: n) }
        pendingAt += n
        return n
    }

    private func fill() throws {
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        let n = try chunk.withUnsafeMutableBufferPointer { try input.read(into: $0.baseAddress!, count: $0.count) }
        if n == 0 { inputEnded = true } else { carry += chunk[0..<n] }
    }

    /// Turns every complete record in `carry` into CSV text; keeps the rest for the next read.
    private func splitRecords() {
        while scan < carry.count {
            let b = carry[scan]
            if objectStart == nil {
                if b == 0x7B {
                    objectStart = scan
                    depth = 1
                } else if !Self.isSpace(b) {
                    // Text between records: up to the next record or line, passed on to be rejected.
                    var end = scan
                    while end < carry.count, carry[end] != 0x7B, carry[end] != 0x0A { end += 1 }
                    guard end < carry.count || inputEnded else { break }
                    appendRejected(carry[scan..<end], why: "text between records that is not a JSON object")
                    scan = end
                    continue
                }
            } else if inString {
                if escaped {
                    escaped = false
                } else if b == 0x5C {
                    escaped = true
                } else if b == 0x22 {
                    inString = false
                }
            } else if b == 0x22 {
                inString = true
            } else if b == 0x7B {
                depth += 1
            } else if b == 0x7D {
                depth -= 1
                if depth == 0 {
                    let record = carry[objectStart!...scan]
                    record.withUnsafeBufferPointer { p in
                        if let why = EventRecordCodec.csvRow(p, into: &pending) { appendRejected(record, why: why) }
                    }
                    objectStart = nil
                }
            }
            scan += 1
        }
        // Drop what was turned into rows; keep an unfinished record.
        let keep = objectStart ?? scan
        if keep > 0 {
            carry.removeFirst(keep)
            scan -= keep
            objectStart = objectStart.map { $0 - keep }
        }
    }

    /// A part of the input that is no event, as one marked line for the CSV reader to reject.
    private func appendRejected(_ bytes: ArraySlice<UInt8>, why: String) {
        RejectedLine.append(bytes, why: why, to: &pending)
    }

    private static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 }
}
