import CSupport
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
    /// Rows a previous run of the same named producer had already sent, not sent again.
    public var resumed = 0
    public var elapsed = 0.0
    public var stopped = false
}

/// A replay that could not write to its stream (a full disk, a removed directory): what it had
/// sent, all of which is in the stream, and why it stopped.
public struct ReplayFailure: Error, CustomStringConvertible {
    public var summary: ReplaySummary
    public var reason: String
    public var description: String {
        "writing to the stream failed after \(summary.sent) records were sent (every one of them is in the "
            + "stream; nothing after): \(reason)"
    }
}

/// The store simulator: reads CSV files and puts their rows on a stream, paced, as the tutorial's
/// Python script does with `put_record`.
public final class Replayer {
    private let producer: any RecordProducer
    private let pace: ReplayPace
    private let window: TimeWindow
    private let loops: Int
    private let shiftLoops: Bool
    private let injectBots: Int

    /// - Parameters:
    ///   - shiftLoops: each pass after the first moves its event times forward by the first
    ///     pass's span in whole days, so that a long replay keeps going forward in time as a shop
    ///     does; without it every pass repeats the same times (and every user's windows fill up
    ///     with repeats of their own events).
    ///   - injectBots: bots to add on the fly: each bursts once (25–60 events within a few
    ///     seconds, as user 980,000,000 + n) at a random point of the replay.
    public init(
        producer: any RecordProducer, pace: ReplayPace, window: TimeWindow = .all, loops: Int = 1,
        shiftLoops: Bool = false, injectBots: Int = 0
    ) {
        self.producer = producer
        self.pace = pace
        self.window = window
        self.loops = max(1, loops)
        self.shiftLoops = shiftLoops
        self.injectBots = max(0, injectBots)
    }

    /// Replays `inputs` (opened with ``Ingestor/open(_:)`` for its header checks) `loops` times.
    ///
    /// - Parameters:
    ///   - shouldStop: polled between batches; on true the replay flushes what it has and returns.
    ///   - progress: called after each flush with the summary so far.
    public func run(
        _ paths: [String], shouldStop: () -> Bool, progress: (ReplaySummary) -> Void
    ) throws -> ReplaySummary {
        try run(opening: { try Ingestor().open(paths) }, shouldStop: shouldStop, progress: progress)
    }

    /// Replays the inputs `open` opens (local files, S3 objects, a lake as CSV text), opening
    /// them again for each loop.
    public func run(
        opening open: () throws -> OpenedInputs, shouldStop: () -> Bool, progress: (ReplaySummary) -> Void
    ) throws -> ReplaySummary {
        var summary = ReplaySummary()
        let start = Date()
        var times = EventTimeParser()
        var firstEvent: Int64? = nil
        var loopOffset = 0.0
        var lastFlush = Date()
        var sentAt = UTCCalendar.isoString(seconds: Int64(start.timeIntervalSince1970))
        let (low, high) = window.bounds
        // A named producer skips the rows a previous run already put on the stream.
        let resume = try producer.resumePoints()
        var row: UInt64 = 0
        // Where bots burst: random rows among the rows expected (files average ~134 bytes a row).
        var rng = SeededRandom(seed: UInt64(start.timeIntervalSince1970 * 1000))
        var opened: OpenedInputs? = try open()  // the first pass reads these
        let expected = max(1, Int(opened!.totalBytes / 134) * loops)
        var botAt = (0..<injectBots).map { b in (row: UInt64(rng.below(expected)) + 1, bot: b) }.sorted {
            $0.row < $1.row
        }
        var failure: Error? = nil
        // Shifted loops: the first pass's earliest and latest event times, and the current shift.
        var span = (low: Int64.max, high: Int64.min)
        var shift: Int64 = 0
        var shiftedRow = TimeShiftedRow()
        for loop in 0..<loops {
            let inputs = try opened ?? open()
            opened = nil
            for (_, box) in inputs.streams {
                var block: [UInt8] = []
                while try box.splitter.nextBlock(into: &block) {
                    var stop = false
                    CSVRecords.forEach(in: block) { bytes, fields in
                        if stop { return }
                        guard fields.count == 9,
                            let t = times.parse(bytes.baseAddress! + fields[0].lowerBound, fields[0].count)
                        else {
                            summary.skipped += 1
                            return
                        }
                        guard t >= low, UInt64(t) < high else { return }
                        if loop == 0 { span = (min(span.low, Int64(t)), max(span.high, Int64(t))) }
                        row += 1
                        let shard = producer.shard(bytes, fields)
                        if resume[shard] >= row {
                            summary.resumed += 1
                            return
                        }
                        if firstEvent == nil { firstEvent = Int64(t) }
                        let eventTime = Int64(t) + shift
                        // When is this row due?
                        var due: Double? = nil
                        switch pace {
                        case .eventTime(let speed): due = loopOffset + Double(Int64(t) - firstEvent!) / speed
                        case .rate(let r): due = Double(summary.sent + producer.pending) / r
                        case .max: break
                        }
                        if let due, due > Date().timeIntervalSince(start) + 0.02 {
                            if let e = flush(&summary, &lastFlush, start, progress) {
                                failure = e
                                stop = true
                                return
                            }
                            while !shouldStop(), Date().timeIntervalSince(start) < due {
                                Thread.sleep(forTimeInterval: min(0.05, due - Date().timeIntervalSince(start)))
                            }
                            sentAt = UTCCalendar.isoString(seconds: Int64(Date().timeIntervalSince1970))
                        }
                        if shouldStop() {
                            stop = true
                            return
                        }
                        if shift == 0 {
                            producer.add(bytes, fields: fields, sentAt: sentAt, row: row, shard: shard)
                        } else {
                            shiftedRow.with(bytes, fields, at: eventTime) { b, f in
                                producer.add(b, fields: f, sentAt: sentAt, row: row, shard: shard)
                            }
                        }
                        while let next = botAt.first, next.row <= row {
                            botAt.removeFirst()
                            Self.burst(bot: next.bot, at: eventTime, like: bytes, fields, rng: &rng) { b, f in
                                producer.add(b, fields: f, sentAt: sentAt, row: nil, shard: nil)
                            }
                        }
                        if producer.pending >= 8192 || Date().timeIntervalSince(lastFlush) > 0.05 {
                            if let e = flush(&summary, &lastFlush, start, progress, wait: false) {
                                failure = e
                                stop = true
                                return
                            }
                            sentAt = UTCCalendar.isoString(seconds: Int64(Date().timeIntervalSince1970))
                        }
                    }
                    if stop || shouldStop() {
                        let last = flush(&summary, &lastFlush, start, progress)
                        summary.elapsed = Date().timeIntervalSince(start)
                        if let e = failure ?? last { throw ReplayFailure(summary: summary, reason: "\(e)") }
                        summary.stopped = true
                        return summary
                    }
                }
            }
            if loop + 1 < loops {
                // The next pass starts its event-time clock now.
                firstEvent = nil
                loopOffset = Date().timeIntervalSince(start)
                if shiftLoops, span.low <= span.high {
                    let day = UTCCalendar.secondsPerDay
                    shift += (span.high - span.low + day) / day * day
                }
            }
        }
        let last = flush(&summary, &lastFlush, start, progress)
        summary.elapsed = Date().timeIntervalSince(start)
        if let e = last { throw ReplayFailure(summary: summary, reason: "\(e)") }
        return summary
    }

    /// A bot's burst next to a real row: its product, category and brand, 25–60 events (mostly
    /// views) within 2–8 seconds of its time.
    static func burst(
        bot: Int, at time: Int64, like bytes: UnsafeBufferPointer<UInt8>, _ fields: [Range<Int>],
        rng: inout SeededRandom,
        _ send: (UnsafeBufferPointer<UInt8>, [Range<Int>]) -> Void
    ) {
        let count = 25 + rng.below(36)
        let span = 2 + rng.below(7)
        let field = { (k: Int) -> String in
            let v = String(decoding: UnsafeBufferPointer(rebasing: bytes[fields[k]]), as: UTF8.self)
            return v.contains(where: { $0 == "," || $0 == "\"" })
                ? "\"" + v.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : v
        }
        let session = "b0b0b0b0-0000-4000-8000-" + String(String(980_000_000 + bot).suffix(12)).leftPadded(12)
        var text = ""
        for _ in 0..<count {
            let r = rng.unit()
            let type = r < 0.9 ? "view" : r < 0.97 ? "cart" : "purchase"
            let t = UTCCalendar.datasetString(seconds: time + Int64(rng.below(span)))
            text +=
                [t, type, field(2), field(3), field(4), field(5), field(6), String(980_000_000 + bot), session]
                .joined(separator: ",") + "\n"
        }
        CSVRecords.forEach(in: Array(text.utf8), send)
    }

    /// Hands the buffered rows to the producer's writer; with `wait`, until they are written.
    /// `sent` counts acknowledged records only.
    /// Returns the producer's write error, if it met one: the replay then stops.
    private func flush(
        _ summary: inout ReplaySummary, _ lastFlush: inout Date, _ start: Date,
        _ progress: (ReplaySummary) -> Void, wait: Bool = true
    ) -> Error? {
        var failure: Error? = nil
        do {
            if wait { try producer.flush() } else { try producer.throwIfFailed() }
        } catch { failure = error }
        if !wait, failure == nil { producer.submit() }
        summary.sent = producer.acknowledged
        summary.elapsed = Date().timeIntervalSince(start)
        lastFlush = Date()
        progress(summary)
        return failure
    }
}

/// Splits a block of whole CSV records into fields, RFC 4180 style, without copying unquoted
/// records: `body` gets the record's bytes and each field's range in them. A record with quotes
/// is unescaped into a scratch buffer first.
enum CSVRecords {
    static func forEach(in block: [UInt8], _ body: (UnsafeBufferPointer<UInt8>, [Range<Int>]) -> Void) {
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(12)
        var scratch: [UInt8] = []
        block.withUnsafeBufferPointer { b in
            let n = b.count
            var i = 0
            while i < n {
                if b[i] == 0x0A {
                    i += 1
                    continue
                }
                ranges.removeAll(keepingCapacity: true)
                let start = i
                let base = b.baseAddress!
                let end =
                    ecomdash_memchr(base + start, 0x0A, n - start)
                    .map { $0.assumingMemoryBound(to: UInt8.self) - base } ?? n
                let quoted = ecomdash_memchr(base + start, 0x22, end - start) != nil
                if quoted {
                    // Quotes may hide commas and newlines: unescape the whole record.
                    scratch.removeAll(keepingCapacity: true)
                    var j = start
                    var inQuotes = false
                    var atStart = true
                    var fieldStart = 0
                    while j < n {
                        let c = b[j]
                        if inQuotes {
                            if c == 0x22 {
                                if j + 1 < n, b[j + 1] == 0x22 {
                                    scratch.append(0x22)
                                    j += 1
                                } else {
                                    inQuotes = false
                                }
                            } else {
                                scratch.append(c)
                            }
                        } else if c == 0x22, atStart {
                            inQuotes = true
                        } else if c == 0x2C {
                            ranges.append(fieldStart..<scratch.count)
                            fieldStart = scratch.count
                            atStart = true
                            j += 1
                            continue
                        } else if c == 0x0A {
                            break
                        } else if !(c == 0x0D && (j + 1 == n || b[j + 1] == 0x0A)) {
                            scratch.append(c)
                        }
                        atStart = false
                        j += 1
                    }
                    ranges.append(fieldStart..<scratch.count)
                    scratch.withUnsafeBufferPointer { body($0, ranges) }
                    i = j + 1
                    continue
                }
                var fieldStart = start
                var lineEnd = end
                if lineEnd > start, b[lineEnd - 1] == 0x0D { lineEnd -= 1 }
                for k in start..<lineEnd where b[k] == 0x2C {
                    ranges.append(fieldStart..<k)
                    fieldStart = k + 1
                }
                ranges.append(fieldStart..<lineEnd)
                body(b, ranges)
                i = end + 1
            }
        }
    }
}

extension String {
    fileprivate func leftPadded(_ n: Int) -> String { String(repeating: "0", count: max(0, n - count)) + self }
}
