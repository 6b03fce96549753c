/// A line that a source turned into CSV text already knows to be no event (a Firehose object's
/// record without the event's columns, say), marked so that the CSV reader rejects it with the
/// source's reason rather than a field count:
///
///     0x1E  reason  0x1F  the input's bytes (line breaks made spaces)  \n
///
/// Only text such a source made is read for marks (``ByteSource/marksRejectedLines``): a CSV
/// file's own lines are never taken for marked ones. The rejects file gets the input's bytes
/// without the mark.
enum RejectedLine {
    static let mark: UInt8 = 0x1E
    static let separator: UInt8 = 0x1F

    static func append(_ bytes: ArraySlice<UInt8>, why: String, to out: inout [UInt8]) {
        out.append(mark)
        out += why.utf8.map { $0 < 0x20 ? 0x20 : $0 }
        out.append(separator)
        out += bytes.map { $0 == 0x0A || $0 == 0x0D ? 0x20 : $0 }
        out.append(0x0A)
    }

    /// The reason and where the input's bytes begin, when the line at `start` is marked.
    static func read(_ p: UnsafePointer<UInt8>, _ end: Int, _ start: Int) -> (why: String, bytes: Int)? {
        guard start < end, p[start] == mark else { return nil }
        var i = start + 1
        while i < end, p[i] != separator, p[i] != 0x0A { i += 1 }
        guard i < end, p[i] == separator else { return nil }
        return (String(decoding: UnsafeBufferPointer(start: p + start + 1, count: i - start - 1), as: UTF8.self), i + 1)
    }
}
