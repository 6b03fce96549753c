import Foundation

/// How far an ingest has come, reported after each block.
public struct IngestProgress: Sendable {
    /// Input bytes read (compressed bytes for compressed input) and in all.
    public var bytesRead: Int64
    public var bytesTotal: Int64
    public var rows: Int
    public var rejected: Int
    /// Seconds since the ingest started.
    public var elapsed: Double
}

/// What an ingest read.
public struct IngestSummary: Sendable {
    /// The streams read: paths, or `archive.zip:entry.csv` for zip entries.
    public var sources: [String] = []
    public var rows = 0
    public var rejected = 0
    /// The first rejected rows, for a message; all of them went to the reject sink.
    public var firstRejects: [RejectedRow] = []
    /// What was read but ignored, one line each (bytes after a gzip file's last member).
    public var warnings: [String] = []
    public var elapsed = 0.0

    public init(
        sources: [String] = [], rows: Int = 0, rejected: Int = 0, firstRejects: [RejectedRow] = [],
        elapsed: Double = 0
    ) {
        self.sources = sources
        self.rows = rows
        self.rejected = rejected
        self.firstRejects = firstRejects
        self.elapsed = elapsed
    }
}

/// Reads CSV files into an ``EventStore`` with every core.
///
/// One thread reads and inflates the files and cuts them into blocks of whole records; parser
/// threads turn blocks into integers in parallel; the calling thread dictionary-encodes the
/// parsed blocks in file order and appends them, so codes and reject line numbers are the same
/// on every run.
public struct Ingestor: Sendable {
    public var blockSize = 1 << 20
    public var parserThreads = max(1, min(4, ProcessInfo.processInfo.activeProcessorCount))
    /// How many rejected rows the summary keeps for display.
    public var keptRejects = 20

    public init() {}

    /// Opens every input and checks its header, so a typo in the last file fails before any work.
    ///
    /// - Throws: ``IngestError`` naming the first input that cannot be read.
    public func open(_ paths: [String]) throws -> OpenedInputs {
        try opened(paths.flatMap { try InputFile.streams(for: $0) })
    }

    /// Opens inputs read by offset — objects in S3, say — as files are opened, each with the Hive
    /// partition values of the prefixes above it.
    public func open(
        _ inputs: [(input: any RandomAccessInput, partition: [(key: String, value: String)])]
    ) throws -> OpenedInputs {
        try opened(inputs.flatMap { try InputFile.streams(for: $0.input, partition: $0.partition) })
    }

    private func opened(_ inputs: [InputStream]) throws -> OpenedInputs {
        var streams: [(InputStream, RecordSplitterBox)] = []
        for s in inputs {
            var splitter = RecordSplitter(source: try s.open(), name: s.name, blockSize: blockSize)
            try splitter.readHeader()
            streams.append((s, RecordSplitterBox(splitter)))
        }
        return OpenedInputs(streams: streams)
    }

    /// Ingests opened inputs into `store`.
    ///
    /// - Parameters:
    ///   - rejects: receives every rejected row, in file order.
    ///   - progress: called on the calling thread after each block.
    /// - Throws: ``IngestError`` when a file turns out corrupt part way; rows before stay stored.
    public func ingest(
        _ inputs: OpenedInputs, into store: EventStore, rejects: RejectSink? = nil,
        progress: ((IngestProgress) -> Void)? = nil
    ) throws -> IngestSummary {
        let start = Date()
        let streams = inputs.streams
        let totalBytes = inputs.totalBytes
        store.expect(rows: Int(totalBytes / 134))  // the real dataset averages 134 bytes a row
        // A fixed pool of blocks circulates reader → parsers → writer → reader: memory in flight
        // is bounded by construction and no buffer is allocated per block.
        let poolSize = parserThreads + 3
        let pool = BlockingQueue<ParsedBlock>(capacity: poolSize)
        for _ in 0..<poolSize { pool.put(ParsedBlock()) }
        let texts = BlockingQueue<ParsedBlock>(capacity: poolSize)
        let results = SequencedResults<ParsedBlock>(window: poolSize)
        let failure = FailureBox()
        let warnings = WarningList()
        let done = DispatchGroup()

        done.enter()
        let reader = Thread {
            var sequence = 0
            var base: Int64 = 0
            outer: for (index, entry) in streams.enumerated() {
                let box = entry.1
                do {
                    while true {
                        guard var block = pool.take() else { break outer }
                        block.reset(source: index, sequence: sequence, marked: box.splitter.marksRejectedLines)
                        guard try box.splitter.nextBlock(into: &block.bytes) else {
                            pool.put(block)
                            if let w = box.splitter.warning { warnings.append(w) }
                            break
                        }
                        block.consumed = base + box.splitter.consumed
                        sequence += 1
                        if !texts.put(block) { break outer }
                    }
                } catch {
                    failure.set(error)
                    break outer
                }
                base += entry.0.size
            }
            texts.close()
            results.finish(total: sequence)
            done.leave()
        }
        reader.stackSize = 1 << 20
        reader.start()

        for _ in 0..<parserThreads {
            done.enter()
            let worker = Thread {
                let parser = RowParser()
                while var block = texts.take() {
                    parser.parse(&block)
                    results.put(block.sequence, block)
                }
                done.leave()
            }
            worker.stackSize = 1 << 20
            worker.start()
        }

        var summary = IngestSummary(sources: streams.map(\.0.name))
        var lineBase = [Int](repeating: 2, count: streams.count)  // line 1 is the header
        var sinkError: Error? = nil
        while let block = results.takeNext() {
            store.append(block)
            summary.rows += block.count
            for r in block.rejects {
                let row = RejectedRow(
                    file: streams[block.source].0.name, line: lineBase[block.source] + r.lineInBlock,
                    reason: r.reason, raw: Array(block.bytes[r.start..<r.end]))
                summary.rejected += 1
                if summary.firstRejects.count < keptRejects { summary.firstRejects.append(row) }
                if sinkError == nil {
                    do { try rejects?.write(row) } catch { sinkError = error }
                }
            }
            lineBase[block.source] += block.lines
            let consumed = block.consumed
            pool.put(block)
            progress?(
                IngestProgress(
                    bytesRead: consumed, bytesTotal: totalBytes, rows: summary.rows,
                    rejected: summary.rejected, elapsed: Date().timeIntervalSince(start)))
            if sinkError != nil || failure.error != nil { break }
        }
        // Stop the other threads whatever happened, then wait for them.
        pool.close()
        texts.close()
        results.cancel()
        done.wait()
        summary.elapsed = Date().timeIntervalSince(start)
        summary.warnings = warnings.lines
        if let e = failure.error { throw e }
        if let e = sinkError { throw e }
        return summary
    }
}

/// Inputs whose headers were checked, ready to ingest.
public struct OpenedInputs: Sendable {
    var streams: [(InputStream, RecordSplitterBox)]

    /// Inputs opened apart — local files and remote objects — read as one.
    public static func + (a: OpenedInputs, b: OpenedInputs) -> OpenedInputs {
        OpenedInputs(streams: a.streams + b.streams)
    }

    /// The names of the streams: paths, or `archive.zip:entry.csv`.
    public var names: [String] { streams.map(\.0.name) }
    /// Input bytes in all, for progress.
    public var totalBytes: Int64 { streams.reduce(0) { $0 + $1.0.size } }
}

/// Moves a splitter to the reader thread; only that thread uses it from then on.
final class RecordSplitterBox: @unchecked Sendable {
    var splitter: RecordSplitter
    init(_ splitter: RecordSplitter) { self.splitter = splitter }
}

/// Warnings the reader thread collects, read once it is done.
final class WarningList: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []

    var lines: [String] { lock.withLock { stored } }

    func append(_ line: String) { lock.withLock { stored.append(line) } }
}

/// The first error a background thread met.
final class FailureBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Error? = nil

    var error: Error? { lock.withLock { stored } }

    func set(_ e: Error) { lock.withLock { if stored == nil { stored = e } } }
}
