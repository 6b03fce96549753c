/// A CSV record with its event time moved: a shifted loop's copy of a row (`replay --loop N
/// --shift-loops`).
///
/// The copy is the new time in the dataset's own form followed by the record's bytes from the end
/// of its time field to the end of its last field (quotes around the time are not kept: fields are
/// read by their ranges), the later fields' ranges moved to match; consecutive rows of one second
/// share the time's text.
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
        // `row` is the whole block the record came from: copy only from the time's end to the
        // last field's end (copying the rest of the block made a shifted row cost 16 times more).
        let rest = fields[0].upperBound..<(fields.last?.upperBound ?? fields[0].upperBound)
        bytes.removeAll(keepingCapacity: true)
        bytes.append(contentsOf: timeText)
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: row[rest]))
        let delta = timeText.count - rest.lowerBound
        self.fields.removeAll(keepingCapacity: true)
        self.fields.append(0..<timeText.count)
        for f in fields.dropFirst() { self.fields.append((f.lowerBound + delta)..<(f.upperBound + delta)) }
        let shifted = self.fields
        return bytes.withUnsafeBufferPointer { body($0, shifted) }
    }
}
