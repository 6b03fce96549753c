/// Parses `YYYY-MM-DD HH:MM:SS` (optionally followed by ` UTC`) to epoch seconds.
///
/// Rows arrive in near time order, so the date part repeats: the parser keeps the last date's
/// ten bytes and its day, and only the clock is parsed for most rows (~20 ns a row, against
/// microseconds for Foundation's formatters).
struct EventTimeParser {
    private var cachedWord: UInt64 = 0
    private var cachedTail: UInt16 = 0
    private var cachedDaySeconds: Int64 = -1

    @inline(__always)
    mutating func parse(_ p: UnsafePointer<UInt8>, _ n: Int) -> UInt32? {
        guard n == 19 || (n == 23 && p[19] == 0x20 && p[20] == 0x55 && p[21] == 0x54 && p[22] == 0x43)
        else { return nil }
        let raw = UnsafeRawPointer(p)
        let word = raw.loadUnaligned(as: UInt64.self)
        let tail = raw.loadUnaligned(fromByteOffset: 8, as: UInt16.self)
        var daySeconds = cachedDaySeconds
        if word != cachedWord || tail != cachedTail || daySeconds < 0 {
            guard let d = Self.date(p) else { return nil }
            daySeconds = d
            cachedWord = word
            cachedTail = tail
            cachedDaySeconds = d
        }
        guard p[10] == 0x20 || p[10] == 0x54, p[13] == 0x3A, p[16] == 0x3A,
            let h = FieldParsers.twoDigits(p + 11), let m = FieldParsers.twoDigits(p + 14),
            let s = FieldParsers.twoDigits(p + 17), h < 24, m < 60, s < 60
        else { return nil }
        let t = daySeconds + Int64(h * 3600 + m * 60 + s)
        guard t <= FieldParsers.maxEpochSecond else { return nil }
        return UInt32(t)
    }

    private static func date(_ p: UnsafePointer<UInt8>) -> Int64? {
        guard p[4] == 0x2D, p[7] == 0x2D,
            let y1 = FieldParsers.twoDigits(p), let y2 = FieldParsers.twoDigits(p + 2),
            let mo = FieldParsers.twoDigits(p + 5), let d = FieldParsers.twoDigits(p + 8)
        else { return nil }
        let y = y1 * 100 + y2
        guard y >= 1970, (1...12).contains(mo), d >= 1, d <= UTCCalendar.daysInMonth(year: y, month: mo)
        else { return nil }
        return UTCCalendar.days(year: y, month: mo, day: d) * UTCCalendar.secondsPerDay
    }
}
