import Engine
import Foundation

/// The span of UTC time a partition's directories hold, for pruning by `--from`/`--to`: Hive
/// keys (`p_year=2019/p_month=10/`, as the tutorial's batch files; `year=`, `month=`, `day=`,
/// `hour=`, `dt=2019-10-01`). Firehose's `2019/10/01/13/` prefixes are not used: they tell when a
/// record was delivered, not when its events happened.
struct S3PartitionTime {
    var start: Int64
    var end: Int64

    func overlaps(_ w: TimeWindow) -> Bool {
        (w.from.map { end > $0 } ?? true) && (w.to.map { start < $0 } ?? true)
    }

    /// The span the directories pin down, or nil when they name no year.
    static func span(_ directories: [String]) -> S3PartitionTime? {
        var values: [String: Int] = [:]
        for d in directories {
            guard let eq = d.firstIndex(of: "=") else { continue }
            let key = d[..<eq].lowercased()
            let value = String(d[d.index(after: eq)...])
            let field = key.hasPrefix("p_") ? String(key.dropFirst(2)) : key
            if field == "dt" || field == "date" {
                let parts = value.split(separator: "-").compactMap { Int($0) }
                if parts.count == 3 {
                    (values["year"], values["month"], values["day"]) = (parts[0], parts[1], parts[2])
                }
            } else if ["year", "month", "day", "hour"].contains(field), let v = Int(value) {
                values[field] = v
            }
        }
        guard let year = values["year"] else { return nil }
        guard let month = values["month"], (1...12).contains(month) else {
            let s = UTCCalendar.days(year: year, month: 1, day: 1) * UTCCalendar.secondsPerDay
            return S3PartitionTime(
                start: s, end: UTCCalendar.days(year: year + 1, month: 1, day: 1) * UTCCalendar.secondsPerDay)
        }
        guard let day = values["day"], (1...UTCCalendar.daysInMonth(year: year, month: month)).contains(day) else {
            let s = UTCCalendar.days(year: year, month: month, day: 1) * UTCCalendar.secondsPerDay
            let next = month == 12 ? (year + 1, 1) : (year, month + 1)
            return S3PartitionTime(
                start: s, end: UTCCalendar.days(year: next.0, month: next.1, day: 1) * UTCCalendar.secondsPerDay)
        }
        let dayStart = UTCCalendar.days(year: year, month: month, day: day) * UTCCalendar.secondsPerDay
        guard let hour = values["hour"], (0..<24).contains(hour) else {
            return S3PartitionTime(start: dayStart, end: dayStart + UTCCalendar.secondsPerDay)
        }
        return S3PartitionTime(start: dayStart + Int64(hour) * 3600, end: dayStart + Int64(hour + 1) * 3600)
    }
}
