import Dashboard
import Engine
import Foundation

/// The dashboard's data for the 1,000 real rows, computed once.
enum Fixture {
    static let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../Data/2019-Oct-head-1000.csv").standardized.path

    static let store: EventStore = {
        let store = EventStore()
        let ingestor = Ingestor()
        _ = try! ingestor.ingest(try! ingestor.open([sample]), into: store)
        return store
    }()

    static func data(
        filter: DashboardFilter = DashboardFilter(), options: InsightOptions = InsightOptions(minViews: 5)
    )
        -> DashboardData
    {
        var d = DashboardData(store.snapshot(), filter: filter, base: options)
        d.computeSeconds = 0.012  // measured time would make snapshots differ from run to run
        return d
    }

    static var feed: FeedStatus {
        var f = FeedStatus()
        f.source = "2019-Oct-head-1000.csv"
        f.rows = 1000
        f.rowsPerSecond = 250_000
        return f
    }
}
