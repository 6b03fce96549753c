import Engine
import Foundation
import Synchronization

/// Something that appends events to the store in the background and reports how it goes.
public protocol Feed: AnyObject, Sendable {
    var status: FeedStatus { get }
    func start()
    /// Multiplies the replay speed (a no-op for feeds that are not paced).
    func changeSpeed(by factor: Double)
    /// Stops producing and returns once nothing more is written (a no-op for feeds that only
    /// read): the demo's producer must stop before its stream directory is removed.
    func stop()
    /// True when rows keep coming for as long as the dashboard runs (a followed stream): the
    /// figures are then never final.
    var follows: Bool { get }
}

extension Feed {
    public func stop() {}
    public var follows: Bool { false }
}

/// Reads files or a lake (an ``EventSource``) into the store on a background thread, block by
/// block, so panels fill while it reads. Rejected rows go to the rejects file as with `report`.
public final class FileFeed: Feed, @unchecked Sendable {
    private let store: EventStore
    private let source: EventSource
    private let rejectsPath: String
    private let shared = Mutex(FeedStatus())

    public init(store: EventStore, source: EventSource, rejectsPath: String) {
        self.store = store
        self.source = source
        self.rejectsPath = rejectsPath
        shared.withLock {
            $0.source = source.names.joined(separator: ", ")
            $0.bytesTotal = source.totalBytes
            $0.loading = true
        }
    }

    public var status: FeedStatus { shared.withLock { $0 } }

    public func changeSpeed(by factor: Double) {}

    public func start() {
        let thread = Thread { [self] in
            let sink = RejectsFile(path: rejectsPath)
            do {
                let summary = try source.load(into: store, rejects: sink) { p in
                    self.shared.withLock {
                        $0.rows = p.rows
                        $0.rejected = p.rejected
                        $0.bytesRead = p.bytesRead
                        $0.rowsPerSecond = p.elapsed > 0 ? Double(p.rows) / p.elapsed : 0
                    }
                }
                try sink.flush()
                store.finishLoading()  // files only: no row follows, so free what only appends need
                shared.withLock {
                    $0.loading = false
                    $0.bytesRead = $0.bytesTotal
                    $0.rows = summary.rows
                    $0.rejected = summary.rejected
                    if summary.rejected > 0 {
                        $0.notice = "\(summary.rejected) rows rejected (see \(self.rejectsPath))"
                    } else if let w = summary.warnings.first {
                        $0.notice = w
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

/// The demo's store simulator: a week of generated shop events put on a stream at once as
/// history, then more, paced by event time × speed, day after day. A ``StreamFeed`` reads them
/// back, so the demo runs the real pipeline: generator → producer → shard log → consumer.
public final class DemoFeed: Feed, @unchecked Sendable {
    private let producer: StreamProducer
    private let rowsPerDay: Int
    private let seed: UInt64
    private let shared = Mutex(FeedStatus())

    private let historyDays: Int
    /// Set by ``stop()``; the producing thread checks it between batches.
    private let stopping = Atomic(false)
    private let finished = DispatchSemaphore(value: 0)
    private var started = false

    public init(
        producer: StreamProducer, speed: Double, rowsPerDay: Int = 40_000, historyDays: Int = 6,
        seed: UInt64 = 1
    ) {
        self.producer = producer
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
        let thread = Thread { [self] in
            run()
            finished.signal()
        }
        thread.start()
        started = true
    }

    public func stop() {
        guard started, !stopping.exchange(true, ordering: .acquiringAndReleasing) else { return }
        finished.wait()
    }

    private func run() {
        var days = DemoDays(
            rowsPerDay: rowsPerDay, seed: seed, startDay: UTCCalendar.days(year: 2019, month: 10, day: 1))
        var clock: Double? = nil
        var lastTick = Date()
        var rate = RateWindow(span: 2)
        for _ in 0..<historyDays {
            if stopping.load(ordering: .acquiring) { return }
            let rows = send(days.next().flatMap(\.bytes))
            shared.withLock { $0.rows += rows }
        }
        while !stopping.load(ordering: .acquiring) {
            let lines = days.next()
            var next = 0
            while next < lines.count, !stopping.load(ordering: .acquiring) {
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
                    let rows = send(batch)
                    rate.add(rows, at: now.timeIntervalSince1970)
                    shared.withLock { $0.rows += rows }
                }
                let perSecond = rate.perSecond(at: now.timeIntervalSince1970)
                shared.withLock { $0.rowsPerSecond = perSecond }
                Thread.sleep(forTimeInterval: 0.05)
            }
            // The clock may have run past the day's end (fast speeds, a slow send): it must not
            // carry days of event time into the next, or a slower speed would only show after
            // those days had poured out at once.
            if let last = lines.last, let c = clock { clock = min(c, Double(last.time)) }
        }
    }

    /// Puts CSV rows on the stream; returns how many were acknowledged.
    private func send(_ rows: [UInt8]) -> Int {
        let sentAt = UTCCalendar.isoString(seconds: Int64(Date().timeIntervalSince1970))
        let n = producer.add(csvRows: rows, sentAt: sentAt)
        do { try producer.flush() } catch { shared.withLock { $0.failure = "\(error)" } }
        return n
    }

    /// The demo's days in blocks of two months from `startDay`: one generator a block, so that
    /// visitors come back across days in the shop's real proportions (about three sessions a
    /// visitor over a month), not a new small shop each day.
    private struct DemoDays {
        let rowsPerDay: Int
        let seed: UInt64
        var days: EventGenerator.Days
        var nextStart: Int64

        static let block = 61

        init(rowsPerDay: Int, seed: UInt64, startDay: Int64) {
            self.rowsPerDay = rowsPerDay
            self.seed = seed
            days = Self.generator(rowsPerDay, seed, startDay)
            nextStart = startDay + Int64(Self.block)
        }

        static func generator(_ rowsPerDay: Int, _ seed: UInt64, _ startDay: Int64) -> EventGenerator.Days {
            EventGenerator(
                GeneratorOptions(
                    rows: rowsPerDay * block, seed: seed &+ UInt64(bitPattern: startDay), startDay: startDay,
                    days: block, bots: 3 * block)
            ).days()
        }

        /// The next day's rows, each with its event time.
        mutating func next() -> [(time: Int64, bytes: [UInt8])] {
            guard let (_, csv) = days.next() else {
                days = Self.generator(rowsPerDay, seed, nextStart)
                nextStart += Int64(Self.block)
                return next()
            }
            var lines = [(time: Int64, bytes: [UInt8])]()
            var start = 0
            for i in csv.indices where csv[i] == 0x0A {
                let line = Array(csv[start...i])
                lines.append((UTCCalendar.parseInstant(String(decoding: line.prefix(19), as: UTF8.self)) ?? 0, line))
                start = i + 1
            }
            return lines
        }
    }
}

/// Follows a stream: reads every shard as records arrive, appends them to the store, and reports
/// each shard's lag. A named consumer checkpoints as it goes and resumes after a restart.
public final class StreamFeed: Feed, @unchecked Sendable {
    private let store: EventStore
    private let consumer: StreamConsumer
    private let shared = Mutex(FeedStatus())
    private let producer: Feed?

    private let rule: BurstRule
    private let clock: BurstClock
    private let dispatcher: AlertDispatcher?
    private let probe: ScreenLatencyProbe?

    /// - Parameters:
    ///   - producer: a paced producer in the same process (the demo): it is started with this
    ///     feed, its speed is shown and `+`/`-` change it.
    ///   - clock: burst windows on arrival time or `txn_timestamp` are detected here as records
    ///     arrive; their alerts go to `dispatcher` from here, once each as their windows close.
    ///   - probe: told when records are in the store, to measure append-to-screen latency.
    public init(
        store: EventStore, consumer: StreamConsumer, source: String, producer: Feed? = nil,
        rule: BurstRule = BurstRule(), clock: BurstClock = .event, dispatcher: AlertDispatcher? = nil,
        probe: ScreenLatencyProbe? = nil
    ) {
        self.probe = probe
        self.rule = rule
        self.clock = clock
        self.dispatcher = dispatcher
        self.store = store
        self.consumer = consumer
        self.producer = producer
        shared.withLock { $0.source = source }
    }

    public var follows: Bool { true }

    public var status: FeedStatus {
        var s = shared.withLock { $0 }
        if let p = producer?.status {
            s.speed = p.speed
            s.speedObserved = false
        }
        return s
    }

    public func changeSpeed(by factor: Double) { producer?.changeSpeed(by: factor) }

    public func stop() { producer?.stop() }

    public func start() {
        producer?.start()
        let thread = Thread { [self] in
            var rate = RateWindow(span: 2)
            var lastLag = Date.distantPast
            var paced: [(wall: Double, event: Double)] = []
            var lateness = LateEvents(rule: rule)
            var watermark: Int64? = nil
            let windows: StreamBurstWindows?
            switch clock {
            case .event: windows = nil
            case .arrival: windows = ArrivalBurstWindows(consumer: consumer, rule: rule)
            case .txn:
                let txn = TxnBurstWindows(rule: rule)
                consumer.onRecord = txn.record
                windows = txn
            }
            var bursts = FeedBursts(clock: clock)
            while true {
                do {
                    let n = try consumer.poll(
                        into: store,
                        visible: probe.map { probe in { [store] in probe.stored(rows: store.count, arrivals: $0) } })
                    if n > 0 {
                        try consumer.commit()
                        lateness.observe(store.snapshot(), streamWatermark: watermark)
                    }
                    watermark = consumer.watermark
                    if let windows { bursts.advance(windows, caughtUp: consumer.caughtUp, dispatcher: dispatcher) }
                    // At once: alerts close by it, and the lag below reads the shards' files.
                    shared.withLock { $0.watermark = watermark }
                    let now = Date().timeIntervalSince1970
                    rate.add(n, at: now)
                    let perSecond = rate.perSecond(at: now)
                    let lag = Date().timeIntervalSince(lastLag) > 0.5 ? consumer.lag() : nil
                    var observed: Double? = nil
                    if lag != nil {
                        lastLag = Date()
                        // The replay speed, as seen here: event time gained per second of wall time.
                        let latest = store.snapshot().timeRange.1
                        if latest > 0 { paced.append((now, Double(latest))) }
                        paced.removeAll { $0.wall < now - 5 }
                        if let first = paced.first, let last = paced.last, last.wall - first.wall > 1 {
                            observed = (last.event - first.event) / (last.wall - first.wall)
                        }
                    }
                    shared.withLock {
                        $0.rows = consumer.records
                        $0.rejected = consumer.rejected.count
                        $0.rowsPerSecond = perSecond
                        if let lag { $0.shardLag = lag }
                        $0.lateEvents = windows?.detector.late ?? lateness.late
                        if windows != nil { $0.feedBursts = bursts }
                        if let notice = windows?.notice { $0.notice = notice }
                        if producer == nil, let observed {
                            $0.speed = observed
                            $0.speedObserved = true
                        }
                    }
                    if n == 0 { Thread.sleep(forTimeInterval: 0.005) }
                } catch {
                    shared.withLock { $0.failure = "\(error)" }
                    return
                }
            }
        }
        thread.start()
    }
}
