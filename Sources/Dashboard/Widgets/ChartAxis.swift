import Engine

/// The x axis under a ``Sparkline``: labels at the columns where their value starts, as many as fit
/// with a space between them, in a unit chosen from the series' span (seconds, minutes, hours,
/// days), so every time chart says which column is when.
public struct ChartAxis: Widget {
    /// Values in the series the axis stands under.
    public var count: Int
    /// The label of a column showing those values (several when binned), or nil where none belongs.
    public var label: (Range<Int>) -> String?

    public init(count: Int, label: @escaping (Range<Int>) -> String?) {
        self.count = count
        self.label = label
    }

    /// Draws labels on the row `r` for the series drawn `r.width` columns wide.
    public func draw(in r: Rect, on canvas: inout Canvas, glyphs: Glyphs) {
        guard count > 0, r.width > 0, r.height > 0 else { return }
        var free = r.x  // first column a label may start at
        var previous = -1
        for c in 0..<r.width {
            let i = count * c / r.width
            guard i != previous else { continue }  // only where a value starts
            previous = i
            let values = i..<max(i + 1, count * (c + 1) / r.width)
            guard let text = label(values), r.x + c >= free, r.x + c + text.count <= r.maxX else { continue }
            canvas.text(text, x: r.x + c, y: r.y, style: Style(.dim))
            free = r.x + c + text.count + 1
        }
    }

    /// Draws the time axis of `series` on `row`, right of its first `margin` columns (where the
    /// charts above keep their labels): the axis the time charts of the Overview, Visitors and Live
    /// panels share.
    public static func drawTime(
        of series: ActivitySeries, in row: Rect, margin: Int, on canvas: inout Canvas, glyphs: Glyphs
    ) {
        let axis = Rect(x: row.x + margin, y: row.y, width: max(0, row.width - margin), height: row.height)
        ChartAxis(
            count: series.count,
            label: timeLabels(
                start: series.start, bucketSeconds: series.bucketSeconds, count: series.count, width: axis.width)
        ).draw(in: axis, on: &canvas, glyphs: glyphs)
    }

    /// Labels for a time series of `count` buckets of `bucketSeconds` from `start` (epoch seconds)
    /// drawn `width` columns wide: ticks on round times of a unit large enough for the labels to
    /// fit, written as the unit reads best (`10-01` for days, `14:00` for hours, `14:05:30` below).
    public static func timeLabels(start: Int64, bucketSeconds: Int64, count: Int, width: Int) -> (Range<Int>) -> String?
    {
        let span = Int64(count) * bucketSeconds
        let units: [Int64] = [
            1, 5, 10, 30, 60, 300, 600, 1800, 3600, 3 * 3600, 6 * 3600, 12 * 3600, 86_400, 7 * 86_400,
        ]
        let unit =
            units.first { u in
                u >= bucketSeconds && Double(span) / Double(u) * Double(labelWidth(u) + 1) <= Double(width)
            } ?? 30 * 86_400
        return { values in
            // The first round time within the column's buckets.
            let from = start + Int64(values.lowerBound) * bucketSeconds
            let to = start + Int64(values.upperBound) * bucketSeconds
            let tick = (from + unit - 1).floorDivided(by: unit) * unit
            return tick < to ? text(tick, unit: unit, span: span) : nil
        }
    }

    /// Day labels for a series with one value a day, given as `YYYY-MM-DD` strings.
    public static func dayLabels(_ days: [String], width: Int) -> (Range<Int>) -> String? {
        let step = max(1, Int((Double(days.count) * 6 / Double(max(width, 1))).rounded(.up)))
        return { values in
            values.first { $0 % step == 0 }.map { String(days[$0].dropFirst(5)) }
        }
    }

    /// `10-01` and `14:05` are five characters, `14:05:30` eight.
    private static func labelWidth(_ unit: Int64) -> Int { unit >= 60 ? 5 : 8 }

    private static func text(_ t: Int64, unit: Int64, span: Int64) -> String {
        let clock = UTCCalendar.isoString(seconds: t)  // 2019-10-01T14:05:30Z
        if unit >= 86_400 || (unit >= 3600 && t % 86_400 == 0 && span > 86_400) {
            return String(clock.dropFirst(5).prefix(5))  // 10-01
        }
        if unit >= 60 { return String(clock.dropFirst(11).prefix(5)) }  // 14:05
        return String(clock.dropFirst(11).prefix(8))  // 14:05:30
    }
}

extension Int64 {
    /// The quotient rounded toward minus infinity (times before 1970 too).
    fileprivate func floorDivided(by d: Int64) -> Int64 {
        let (q, r) = quotientAndRemainder(dividingBy: d)
        return r < 0 ? q - 1 : q
    }
}
