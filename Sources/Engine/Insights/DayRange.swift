/// The UTC days a window covers within the data, as dense indexes for per-day arrays.
struct DayRange {
    /// Day number (days since 1970-01-01) of index 0.
    let first: Int64
    let count: Int

    init(_ snapshot: EventSnapshot, window: TimeWindow) {
        let (lo, hi) = snapshot.timeRange
        let b = window.bounds
        let from = max(Int64(lo), Int64(b.low))
        let to = min(Int64(hi), Int64(b.high) - 1)
        if snapshot.count == 0 || from > to {
            first = 0
            count = 0
        } else {
            first = from / UTCCalendar.secondsPerDay
            count = Int(to / UTCCalendar.secondsPerDay - first) + 1
        }
    }

    @inline(__always)
    func index(_ t: UInt32) -> Int { Int(Int64(t) / UTCCalendar.secondsPerDay - first) }

    func dayString(_ index: Int) -> String { UTCCalendar.dayString(days: first + Int64(index)) }
}
