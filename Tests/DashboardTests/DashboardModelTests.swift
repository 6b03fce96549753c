import Dashboard
import Engine
import Foundation
import Testing

@Suite("The dashboard's worker")
struct DashboardModelTests {
    @Test("rows landing every few milliseconds are folded in once a refresh at most; a new filter is answered at once")
    func refreshBoundsUpdates() throws {
        let lines = try String(contentsOfFile: Fixture.sample, encoding: .utf8).split(separator: "\n").dropFirst()
        let store = EventStore()
        let appender = CSVAppender(name: "test")
        let model = DashboardModel(store: store, options: InsightOptions(minViews: 5))
        model.isFinite = { false }  // a stream: rows keep coming
        model.start(interval: 0.005, refresh: 1)
        defer { model.stop() }
        let began = Date()
        for line in lines {
            appender.append(Array((line + "\n").utf8), to: store)
            Thread.sleep(forTimeInterval: 0.001)
        }
        let elapsed = Date().timeIntervalSince(began)
        let updates = model.latest.version
        #expect(updates >= 2, "the rows reach the screen")
        #expect(updates <= Int(elapsed) + 2, "\(updates) updates in \(elapsed) s")
        // Just after an update, a new filter does not wait for the next refresh.
        let seen = model.latest.version
        while model.latest.version == seen { Thread.sleep(forTimeInterval: 0.002) }
        let asked = Date()
        var filter = DashboardFilter()
        filter.eventType = .purchase
        model.setFilter(filter)
        while model.isComputing { Thread.sleep(forTimeInterval: 0.002) }
        #expect(Date().timeIntervalSince(asked) < 0.5)
        let data = try #require(model.latest.data)
        #expect(data.events == data.purchases && data.purchases > 0, "the figures are the filter's")
    }
}
