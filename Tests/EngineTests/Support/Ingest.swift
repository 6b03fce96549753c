import Engine
import Foundation

/// Collects rejected rows in memory.
final class CollectedRejects: RejectSink {
    var rows: [RejectedRow] = []
    func write(_ row: RejectedRow) throws { rows.append(row) }
}

/// The result of reading files in a test.
struct Ingested {
    var store: EventStore
    var summary: IngestSummary
    var rejects: [RejectedRow]
    var snapshot: EventSnapshot { store.snapshot() }
}

/// Reads files the way `report` does; a small `blockSize` forces many blocks and boundaries.
func ingest(_ paths: [String], blockSize: Int = 2 << 20) throws -> Ingested {
    var ingestor = Ingestor()
    ingestor.blockSize = blockSize
    let store = EventStore()
    let rejects = CollectedRejects()
    let summary = try ingestor.ingest(try ingestor.open(paths), into: store, rejects: rejects)
    return Ingested(store: store, summary: summary, rejects: rejects.rows)
}

/// The real rows: the first 1,000 rows of the dataset's October file (`Tests/Data`).
let realSamplePath: String = {
    var dir = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { dir.deleteLastPathComponent() }  // …/Tests/EngineTests/Support/Ingest.swift → Tests
    return dir.appendingPathComponent("Data/2019-Oct-head-1000.csv").path
}()

/// The real rows' 1,000 data lines, each with its newline, without the header.
func realLines() throws -> [String] {
    try String(contentsOfFile: realSamplePath, encoding: .utf8).split(separator: "\n").dropFirst().map {
        String($0) + "\n"
    }
}

let header = "event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session\n"
let goodRow =
    "2019-10-01 00:00:00 UTC,view,44600062,2103807459595387724,,shiseido,35.79,541312140,72d76fde-8bb3-4e00-8c23-a032dfed738c\n"
