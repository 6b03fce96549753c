import Dashboard
import Engine
import Testing

@Suite("Time axes under charts")
struct ChartAxisTests {
    /// The labels drawn on one row, with their columns.
    func labels(count: Int, width: Int, _ label: @escaping (Range<Int>) -> String?) -> [(column: Int, text: String)] {
        var canvas = Canvas(width: width, height: 1)
        ChartAxis(count: count, label: label).draw(in: canvas.bounds, on: &canvas, glyphs: .unicode)
        var out: [(Int, String)] = []
        var current = ""
        var start = 0
        for (x, c) in canvas.text.enumerated() {
            if c == " " {
                if !current.isEmpty { out.append((start, current)) }
                current = ""
            } else {
                if current.isEmpty { start = x }
                current.append(c)
            }
        }
        if !current.isEmpty { out.append((start, current)) }
        return out
    }

    @Test("61 days by hour, 100 columns: week ticks as MM-DD, in order, apart, each over its own bucket")
    func hoursOverMonths() {
        let start = UTCCalendar.days(year: 2019, month: 10, day: 1) * 86_400
        let count = 61 * 24
        let drawn = labels(
            count: count, width: 100, ChartAxis.timeLabels(start: start, bucketSeconds: 3600, count: count, width: 100))
        #expect(drawn.count >= 5, "\(drawn)")
        #expect(drawn.allSatisfy { $0.text.count == 5 && $0.text.contains("-") })
        for (a, b) in zip(drawn, drawn.dropFirst()) {
            #expect(b.column > a.column + a.text.count, "labels do not touch")
            #expect(b.text > a.text, "in time order")
        }
        // A label sits over the column whose buckets hold its midnight.
        for l in drawn {
            let first = count * l.column / 100
            let next = count * (l.column + 1) / 100
            let midnight =
                UTCCalendar.days(year: 2019, month: Int(l.text.prefix(2))!, day: Int(l.text.suffix(2))!) * 86_400
            #expect((start + Int64(first) * 3600..<start + Int64(next) * 3600).contains(midnight), "\(l)")
        }
    }

    @Test(
        "two minutes by second, 60 columns: clock labels; a short series spread over the width keeps one label a value")
    func secondsAndSpread() {
        let start = UTCCalendar.days(year: 2019, month: 10, day: 1) * 86_400 + 3600
        let drawn = labels(
            count: 120, width: 60, ChartAxis.timeLabels(start: start, bucketSeconds: 1, count: 120, width: 60))
        #expect(!drawn.isEmpty && drawn.allSatisfy { $0.text.hasPrefix("01:0") }, "\(drawn)")
        let days = ["2019-10-01", "2019-10-02", "2019-10-03"]
        let spread = labels(count: 3, width: 60, ChartAxis.dayLabels(days, width: 60))
        #expect(spread.map(\.text) == ["10-01", "10-02", "10-03"])
        #expect(spread.map(\.column) == [0, 20, 40], "each value starts a third of the way on")
        #expect(Sparkline.columns([1, 2, 3], width: 6) == [1, 1, 2, 2, 3, 3])
        #expect(Sparkline.columns([1, 2, 3, 4, 5, 6], width: 3) == [3, 7, 11])
    }
}
