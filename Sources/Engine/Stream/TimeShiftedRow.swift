/// A CSV record with its event time moved: a shifted loop's copy of a row (`replay --loop N
/// --shift-loops`).
///
/// The copy is the record's bytes with its time field's text replaced by the new time in the
/// dataset's own form (quotes around it stay), the later fields' ranges moved by the difference;
/// consecutive rows of one second share the time's text.
struct TimeShiftedRow {
    private var bytes: [UInt8] = []
    private var fields: [Range<Int>] = []
    private var time = Int64.min
    private var timeText: [UInt8] = []

    /// Calls `body` with the record `row` (fields `fields`, the time first) at time `seconds`.
    mutating func with<R>(
        _ row: UnsafeBufferPointer<UInt8>, _ fields: [Range<Int>], at seconds: Int64,
        _ body: (UnsafeBufferPointer<UInt8>, [Range<Int>]) -> R
    ) -> R {
        if seconds != time {
            time = seconds
            timeText = Array(UTCCalendar.datasetString(seconds: seconds).utf8)
        }
        let old = fields[0]
        bytes.removeAll(keepingCapacity: true)
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: row[..<old.lowerBound]))
        bytes.append(contentsOf: timeText)
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: row[old.upperBound...]))
        let delta = timeText.count - old.count
        self.fields.removeAll(keepingCapacity: true)
        self.fields.append(old.lowerBound..<(old.lowerBound + timeText.count))
        for f in fields.dropFirst() { self.fields.append((f.lowerBound + delta)..<(f.upperBound + delta)) }
        let shifted = self.fields
        return bytes.withUnsafeBufferPointer { body($0, shifted) }
    }
}
