import Dashboard
import Engine
import Foundation
import Testing

/// The anomaly rule on screen: a planted hour is marked on the Overview's chart (its column in the
/// warning role) and listed, newest first, on the Live panel.
@Suite("Anomalous hours on the dashboard")
struct AnomalyPanelTests {
    /// Ten days, every hour a few views (4 to 8, varying), and on 2019-10-06 at 12h two hundred.
    static func plantedStore() throws -> EventStore {
        var csv = "event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session\n"
        for day in 1...10 {
            for hour in 0..<24 {
                let n = day == 6 && hour == 12 ? 200 : 4 + (day * 7 + hour * 3) % 5
                for k in 0..<n {
                    let time = String(format: "2019-10-%02d %02d:%02d:%02d UTC", day, hour, k % 60, k / 60)
                    csv += "\(time),view,\(1000 + k),1,electronics,acme,10.00,\(500 + k),\n"
                }
            }
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("planted-\(UUID()).csv").path
        try csv.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = EventStore()
        let ingestor = Ingestor()
        _ = try ingestor.ingest(try ingestor.open([path]), into: store)
        return store
    }

    @Test("the planted hour is an anomaly, marked on the Overview and listed on the Live panel")
    func plantedHour() throws {
        let store = try Self.plantedStore()
        let data = DashboardData(store.snapshot(), filter: DashboardFilter(), base: InsightOptions())
        let spike = UTCCalendar.parseInstant("2019-10-06 12:00:00")!
        #expect(data.anomalies.anomalies.map(\.hour) == [spike])
        #expect(data.anomalies.anomalies.first?.metric == .events)
        var state = DashboardState()
        let overview = DashboardRenderer.render(
            data: data, feed: Fixture.feed, state: state, keys: KeyMap(), width: 120, height: 40, glyphs: .unicode)
        #expect(overview.text.contains("1 anomalous hour marked"))
        // The events chart's marked column: one column (240 hours over 101) in the warning role.
        let chartRows = overview.text.split(separator: "\n").indices.filter {
            overview.text.split(separator: "\n")[$0].contains("events / hour")
        }
        let y = try #require(chartRows.first)
        let warned = (0..<overview.width).filter { x in
            (y..<(y + 8)).contains { overview[x, $0].style.role == .warning }
        }
        #expect(warned.count == 1)
        state.panel = .live
        let live = DashboardRenderer.render(
            data: data, feed: Fixture.feed, state: state, keys: KeyMap(), width: 120, height: 40, glyphs: .unicode)
        #expect(live.text.contains("Anomalous hours (1;"))
        #expect(live.text.contains("10-06 12h ▲"))
    }
}
