import Foundation

/// How `replay` paces the rows it sends.
public enum ReplayPace: Sendable, Equatable {
    /// Event time × speed: a speed of 60 sends an hour of events in a minute.
    case eventTime(speed: Double)
    /// A fixed number of records per second.
    case rate(Double)
    /// As fast as the disk and the stream take them.
    case max
}

/// What a replay did.
public struct ReplaySummary: Sendable {
    public var sent = 0
    /// Rows that could not be read (wrong field count, bad time), not sent.
    public var skipped = 0
    public var elapsed = 0.0
    public var stopped = false
}

/// The store simulator: reads CSV files and puts their rows on a stream, paced, as the tutorial's
/// Python script does with `put_record`.
public final class Replayer {
    private let producer: StreamProducer
    private let pace: ReplayPace
    private let window: TimeWindow
    private let loops: Int

    public init(producer: StreamProducer, pace: ReplayPace, window: TimeWindow = .all, loops: Int = 1) {
        self.producer = producer
        self.pace = pace
        self.window = window
        self.loops = max(1, loops)
    }

    /// Replays `inputs` (opened with ``Ingestor/open(_:)`` for its header checks) `loops` times.
    ///
    /// - Parameters:
    ///   - shouldStop: polled between batches; on true the replay flushes what it has and returns.
    ///   - progress: called after each flush with the summary so far.
    public func run(
        _ paths: [String], shouldStop: () -> Bool, progress: (ReplaySummary) -> Void
    ) throws -> ReplaySummary {
        var summary = ReplaySummary()
        let start = Date()
        var times = EventTimeParser()
        var firstEvent: Int64? = nil
        var loopOffset = 0.0
        var lastFlush = Date()
        var sentAt = UTCCalendar.isoString(seconds: Int64(start.timeIntervalSince1970))
        let (low, high) = window.bounds
        for loop in 0..<loops {
            let inputs = try Ingestor().open(paths)
            for (_, box) in inputs.streams {
                var block: [UInt8] = []
                while try box.splitter.nextBlock(into: &block) {
                    var stop = false
                    CSVRecords.forEach(in: block) { fields in
                        if stop { return }
                        guard fields.count == 9,
                            let t = fields[0].withUnsafeBufferPointer({ times.parse($0.baseAddress!, $0.count) })
                        else {
                            summary.skipped += 1
                            return
                        }
                        guard t >= low, UInt64(t) < high else { return }
                        let eventTime = Int64(t)
                        if firstEvent == nil { firstEvent = eventTime }
                        // When is this row due?
                        var due: Double? = nil
                        switch pace {
                        case .eventTime(let speed): due = loopOffset + Double(eventTime - firstEvent!) / speed
                        case .rate(let r): due = Double(summary.sent + producer.pending) / r
                        case .max: break
                        }
                        if let due, due > Date().timeIntervalSince(start) + 0.02 {
                            flush(&summary, &lastFlush, start, progress)
                            while !shouldStop(), Date().timeIntervalSince(start) < due {
                                Thread.sleep(forTimeInterval: min(0.05, due - Date().timeIntervalSince(start)))
                            }
                            sentAt = UTCCalendar.isoString(seconds: Int64(Date().timeIntervalSince1970))
                        }
                        if shouldStop() {
                            stop = true
                            return
                        }
                        producer.add(fields: fields.map { $0[...] }, sentAt: sentAt)
                        if producer.pending >= 8192 || Date().timeIntervalSince(lastFlush) > 0.05 {
                            flush(&summary, &lastFlush, start, progress)
                            sentAt = UTCCalendar.isoString(seconds: Int64(Date().timeIntervalSince1970))
                        }
                    }
                    if stop || shouldStop() {
                        flush(&summary, &lastFlush, start, progress)
                        summary.stopped = true
                        summary.elapsed = Date().timeIntervalSince(start)
                        return summary
                    }
                }
            }
            if loop + 1 < loops {
                // The next pass starts its event-time clock now.
                firstEvent = nil
                loopOffset = Date().timeIntervalSince(start)
            }
        }
        flush(&summary, &lastFlush, start, progress)
        summary.elapsed = Date().timeIntervalSince(start)
        return summary
    }

    private func flush(
        _ summary: inout ReplaySummary, _ lastFlush: inout Date, _ start: Date,
        _ progress: (ReplaySummary) -> Void
    ) {
        let before = producer.acknowledged
        try? producer.flush()
        summary.sent += producer.acknowledged - before
        summary.elapsed = Date().timeIntervalSince(start)
        lastFlush = Date()
        progress(summary)
    }
}

/// Splits a block of whole CSV records into fields (raw bytes, quotes removed), RFC 4180 style.
enum CSVRecords {
    static func forEach(in block: [UInt8], _ body: ([[UInt8]]) -> Void) {
        var i = 0
        let n = block.count
        var fields: [[UInt8]] = []
        while i < n {
            if block[i] == 0x0A {
                i += 1
                continue
            }
            fields.removeAll(keepingCapacity: true)
            var field: [UInt8] = []
            var inQuotes = false
            var atStart = true
            while i < n {
                let c = block[i]
                if inQuotes {
                    if c == 0x22 {
                        if i + 1 < n, block[i + 1] == 0x22 {
                            field.append(0x22)
                            i += 1
                        } else {
                            inQuotes = false
                        }
                    } else {
                        field.append(c)
                    }
                } else if c == 0x22, atStart {
                    inQuotes = true
                } else if c == 0x2C {
                    fields.append(field)
                    field.removeAll(keepingCapacity: true)
                    atStart = true
                    i += 1
                    continue
                } else if c == 0x0A {
                    break
                } else if !(c == 0x0D && (i + 1 == n || block[i + 1] == 0x0A)) {
                    field.append(c)
                }
                atStart = false
                i += 1
            }
            i += 1
            fields.append(field)
            body(fields)
        }
    }
}
