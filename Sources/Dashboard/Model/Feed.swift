import Engine
import Foundation
import Synchronization

/// Something that appends events to the store in the background and reports how it goes.
public protocol Feed: AnyObject, Sendable {
    var status: FeedStatus { get }
    func start()
    /// Multiplies the replay speed (a no-op for feeds that are not paced).
    func changeSpeed(by factor: Double)
}

/// Reads files into the store on a background thread, block by block, so panels fill while it
/// reads. Rejected rows go to the rejects file as with `report`.
public final class FileFeed: Feed, @unchecked Sendable {
    private let store: EventStore
    private let inputs: OpenedInputs
    private let rejectsPath: String
    private let shared = Mutex(FeedStatus())

    public init(store: EventStore, inputs: OpenedInputs, rejectsPath: String) {
        self.store = store
        self.inputs = inputs
        self.rejectsPath = rejectsPath
        shared.withLock {
            $0.source = inputs.names.joined(separator: ", ")
            $0.bytesTotal = inputs.totalBytes
            $0.loading = true
        }
    }

    public var status: FeedStatus { shared.withLock { $0 } }

    public func changeSpeed(by factor: Double) {}

    public func start() {
        let thread = Thread { [self] in
            let sink = RejectsFile(path: rejectsPath)
            do {
                let summary = try Ingestor().ingest(inputs, into: store, rejects: sink) { p in
                    self.shared.withLock {
                        $0.rows = p.rows
                        $0.rejected = p.rejected
                        $0.bytesRead = p.bytesRead
                        $0.rowsPerSecond = p.elapsed > 0 ? Double(p.rows) / p.elapsed : 0
                    }
                }
                try sink.flush()
                shared.withLock {
                    $0.loading = false
                    $0.bytesRead = $0.bytesTotal
                    $0.rows = summary.rows
                    $0.rejected = summary.rejected
                    if summary.rejected > 0 {
                        $0.notice = "\(summary.rejected) rows rejected (see \(self.rejectsPath))"
                    }
                }
            } catch {
                shared.withLock {
                    $0.loading = false
                    $0.failure = "\(error)"
                }
            }
        }
        thread.start()
    }
}

/// The demo: a week of generated shop events loaded at once as history, then more appended live,
/// paced by event time × speed, day after day, so a new user sees every panel full and moving
/// with one command.
public final class DemoFeed: Feed, @unchecked Sendable {
    private let store: EventStore
    private let rowsPerDay: Int
    private let seed: UInt64
    private let shared = Mutex(FeedStatus())

    private let historyDays: Int

    public init(store: EventStore, speed: Double, rowsPerDay: Int = 40_000, historyDays: Int = 6, seed: UInt64 = 1) {
        self.store = store
        self.historyDays = historyDays
        self.rowsPerDay = rowsPerDay
        self.seed = seed
        shared.withLock {
            $0.source = "demo: generated events, \(rowsPerDay) a day"
            $0.speed = speed
        }
    }

    public var status: FeedStatus { shared.withLock { $0 } }

    public func changeSpeed(by factor: Double) {
        shared.withLock { $0.speed = min(1_000_000, max(1, ($0.speed ?? 1) * factor)) }
    }

    public func start() {
        let thread = Thread { [self] in run() }
        thread.start()
    }

    private func run() {
        let appender = CSVAppender(name: "demo")
        var day = UTCCalendar.days(year: 2019, month: 10, day: 1)
        var clock: Double? = nil
        var lastTick = Date()
        var window: [(time: Int64, count: Int)] = []
        for _ in 0..<historyDays {
            let (rows, rejected) = appender.append(generateDay(day).flatMap(\.bytes), to: store)
            shared.withLock {
                $0.rows += rows
                $0.rejected += rejected.count
            }
            day += 1
        }
        while true {
            let lines = generateDay(day)
            var next = 0
            while next < lines.count {
                let now = Date()
                let speed = shared.withLock { $0.speed ?? 1 }
                if clock == nil { clock = Double(lines[0].time) }
                clock! += now.timeIntervalSince(lastTick) * speed
                lastTick = now
                var batch: [UInt8] = []
                var added = 0
                while next < lines.count, Double(lines[next].time) <= clock! {
                    batch += lines[next].bytes
                    next += 1
                    added += 1
                }
                if added > 0 {
                    let (rows, rejected) = appender.append(batch, to: store)
                    window.append((Int64(now.timeIntervalSince1970 * 10), rows))
                    shared.withLock {
                        $0.rows += rows
                        $0.rejected += rejected.count
                    }
                }
                let tenths = Int64(now.timeIntervalSince1970 * 10)
                window.removeAll { $0.time < tenths - 20 }
                shared.withLock { $0.rowsPerSecond = Double(window.reduce(0) { $0 + $1.count }) / 2 }
                Thread.sleep(forTimeInterval: 0.05)
            }
            day += 1
        }
    }

    /// One day of generated rows, each with its event time.
    private func generateDay(_ day: Int64) -> [(time: Int64, bytes: [UInt8])] {
        let sink = MemorySink()
        let generator = EventGenerator(
            GeneratorOptions(rows: rowsPerDay, seed: seed &+ UInt64(bitPattern: day), startDay: day, days: 1))
        try? generator.write(to: sink)
        var parser = [(time: Int64, bytes: [UInt8])]()
        var start = 0
        let b = sink.bytes
        var first = true
        for i in b.indices where b[i] == 0x0A {
            if first {
                first = false
            } else {
                let line = Array(b[start...i])
                let t = UTCCalendar.parseInstant(String(decoding: line.prefix(19), as: UTF8.self)) ?? 0
                parser.append((t, line))
            }
            start = i + 1
        }
        return parser
    }
}

/// Collects written bytes in memory.
final class MemorySink: ByteSink {
    var bytes: [UInt8] = []
    func write(_ b: UnsafeRawBufferPointer) throws { bytes.append(contentsOf: b) }
    func finish() throws {}
}
