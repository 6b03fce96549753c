import Foundation

/// Where a batch of events comes from — files or a lake — so that `report`, the dashboard and
/// `ingest` read any of them the same way: open, then load into a store with progress.
public protocol EventSource: Sendable {
    /// What the user named, for messages and the report's `source`.
    var names: [String] { get }
    /// Bytes to read in all, for progress.
    var totalBytes: Int64 { get }
    /// Loads every event into `store` (rejected rows to `rejects`); `progress` is called as it goes.
    func load(
        into store: EventStore, rejects: RejectSink?, progress: ((IngestProgress) -> Void)?
    ) throws
        -> IngestSummary
}

public enum EventSources {
    /// The source `paths` name: a lake (one directory holding a manifest), or files (csv, gz, zip,
    /// Parquet files and directories) checked and opened now. A lake only needs the segments of
    /// `window`.
    public static func open(_ paths: [String], window: TimeWindow = .all) throws -> EventSource {
        let lakes = paths.filter(Lake.isLake)
        guard lakes.isEmpty else {
            guard paths.count == 1 else {
                throw IngestError.cannotOpen(
                    path: lakes[0],
                    reason: "a lake is read alone: name one lake, or files (ingest the files into it first)")
            }
            return LakeSource(lake: try Lake(opening: paths[0]), window: window)
        }
        let ingestor = Ingestor()
        return FileSource(inputs: try ingestor.open(paths), ingestor: ingestor)
    }
}

/// CSV (plain, gzip, zip) and Parquet files, parsed by the ``Ingestor``.
public struct FileSource: EventSource {
    public let inputs: OpenedInputs
    let ingestor: Ingestor

    public init(inputs: OpenedInputs, ingestor: Ingestor = Ingestor()) {
        self.inputs = inputs
        self.ingestor = ingestor
    }

    public var names: [String] { inputs.names }
    public var totalBytes: Int64 { inputs.totalBytes }

    public func load(
        into store: EventStore, rejects: RejectSink?, progress: ((IngestProgress) -> Void)?
    ) throws
        -> IngestSummary
    {
        try ingestor.ingest(inputs, into: store, rejects: rejects, progress: progress)
    }
}

/// A lake: its segments read back in the store's own codes, nothing parsed.
public struct LakeSource: EventSource, @unchecked Sendable {
    public let lake: Lake
    public let window: TimeWindow

    public var names: [String] { [lake.path] }
    public var totalBytes: Int64 { Int64(lake.segments(in: window).reduce(0) { $0 + $1.bytes }) }

    public func load(
        into store: EventStore, rejects: RejectSink?, progress: ((IngestProgress) -> Void)?
    ) throws
        -> IngestSummary
    {
        let started = Date()
        let segments = lake.segments(in: window)
        let total = segments.reduce(0) { $0 + $1.rows }
        let bytes = totalBytes
        try lake.load(into: store, window: window) { rows in
            progress?(
                IngestProgress(
                    bytesRead: total > 0 ? Int64(Double(bytes) * Double(rows) / Double(total)) : bytes,
                    bytesTotal: bytes,
                    rows: rows, rejected: 0, elapsed: Date().timeIntervalSince(started)))
        }
        return IngestSummary(sources: names, rows: store.count, elapsed: Date().timeIntervalSince(started))
    }
}
