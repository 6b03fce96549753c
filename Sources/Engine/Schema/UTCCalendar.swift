/// Calendar arithmetic on UTC epoch seconds, with no Foundation dates on the hot path.
///
/// Uses Howard Hinnant's days-from-civil algorithms, exact for the proleptic Gregorian calendar.
public enum UTCCalendar {
    public static let secondsPerDay: Int64 = 86_400

    /// Days since 1970-01-01 of a civil date.
    @inline(__always)
    public static func days(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let m = Int64(month)
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The civil date of a day number.
    public static func civil(days z0: Int64) -> (year: Int, month: Int, day: Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        return (Int(y), Int(m), Int(d))
    }

    /// ISO weekday (1 = Monday … 7 = Sunday) of a day number. 1970-01-01 was a Thursday.
    @inline(__always)
    public static func isoWeekday(days: Int64) -> Int {
        let w = (days + 3) % 7
        return Int(w < 0 ? w + 7 : w) + 1
    }

    /// `YYYY-MM-DD` of a day number.
    public static func dayString(days: Int64) -> String {
        let (y, m, d) = civil(days: days)
        return pad(y, 4) + "-" + pad(m, 2) + "-" + pad(d, 2)
    }

    /// ISO 8601 `YYYY-MM-DDTHH:MM:SSZ` of epoch seconds.
    public static func isoString(seconds: Int64) -> String {
        let (day, rem) = floorDivide(seconds, secondsPerDay)
        let hms = pad(Int(rem / 3600), 2) + ":" + pad(Int(rem % 3600 / 60), 2) + ":" + pad(Int(rem % 60), 2)
        return dayString(days: day) + "T" + hms + "Z"
    }

    /// The dataset's own `YYYY-MM-DD HH:MM:SS UTC` form of epoch seconds.
    public static func datasetString(seconds: Int64) -> String {
        let iso = isoString(seconds: seconds)
        return String(iso.prefix(10)) + " " + String(iso.dropFirst(11).prefix(8)) + " UTC"
    }

    /// Parses a user-supplied instant: `YYYY-MM-DD`, `YYYY-MM-DD HH:MM[:SS]`, with `T` or a space,
    /// an optional `Z` or ` UTC`. Always UTC.
    public static func parseInstant(_ text: String) -> Int64? {
        var s = Substring(text.trimmingWhitespace())
        if s.hasSuffix(" UTC") { s = s.dropLast(4) } else if s.hasSuffix("Z") { s = s.dropLast() }
        let u = Array(s.utf8)
        func num(_ a: Int, _ n: Int) -> Int? {
            guard a + n <= u.count else { return nil }
            var v = 0
            for i in a..<(a + n) {
                guard u[i] >= 0x30, u[i] <= 0x39 else { return nil }
                v = v * 10 + Int(u[i] - 0x30)
            }
            return v
        }
        guard u.count >= 10, u[4] == 0x2D, u[7] == 0x2D,
            let y = num(0, 4), let mo = num(5, 2), let d = num(8, 2),
            (1...12).contains(mo), (1...daysInMonth(year: y, month: mo)).contains(d)
        else { return nil }
        var secs: Int64 = 0
        if u.count > 10 {
            guard u[10] == 0x20 || u[10] == 0x54, u.count == 16 || u.count == 19, u[13] == 0x3A,
                let h = num(11, 2), let mi = num(14, 2), h < 24, mi < 60
            else { return nil }
            var sec = 0
            if u.count == 19 {
                guard u[16] == 0x3A, let sv = num(17, 2), sv < 60 else { return nil }
                sec = sv
            }
            secs = Int64(h * 3600 + mi * 60 + sec)
        }
        return days(year: y, month: mo, day: d) * secondsPerDay + secs
    }

    /// Number of days in a month of the Gregorian calendar.
    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    @inline(__always)
    static func floorDivide(_ a: Int64, _ b: Int64) -> (Int64, Int64) {
        let q = a / b
        let r = a % b
        return r < 0 ? (q - 1, r + b) : (q, r)
    }

    private static func pad(_ v: Int, _ width: Int) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}

extension String {
    func trimmingWhitespace() -> Substring {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return s
    }
}
