/// Writes realistic shop events as the dataset's CSV, deterministically for a seed.
///
/// Shoppers come in sessions of a few events (4.6 on average; a third of sessions are a first
/// visit, see ``VisitorProcess``), mostly views that wander within a
/// category; some views become carts, some carts become purchases later in the session and the
/// rest are abandoned, and some purchases come without a cart. Sessions start along the real
/// data's UTC daily curve (quiet 21:00–01:00, busy 14:00–17:00), weekends a little busier and the
/// mid-November sale 3.5× busier. Each day is generated, sorted by time and written in turn, so
/// memory stays at one day's events.
public struct EventGenerator {
    public let options: GeneratorOptions

    public init(_ options: GeneratorOptions) { self.options = options }

    /// UTC hour weights of session starts.
    static let hourWeights: [Double] = [
        0.35, 0.3, 0.45, 0.7, 0.95, 1.15, 1.3, 1.4, 1.45, 1.45, 1.45, 1.45,
        1.5, 1.55, 1.65, 1.7, 1.7, 1.6, 1.35, 1.0, 0.7, 0.45, 0.35, 0.33,
    ]

    /// Writes the header and `options.rows` rows to `sink`, then finishes it.
    ///
    /// - Parameter progress: called with the rows written so far, after each day.
    public func write(to sink: ByteSink, progress: ((Int) -> Void)? = nil) throws {
        var buffer = OutputBuffer(sink: sink)
        buffer.append(EventSchema.headerLine)
        buffer.append(0x0A)
        var days = Days(self)
        var written = 0
        while let n = days.next(into: &buffer) {
            written += n
            try buffer.flushIfLarge()
            progress?(written)
        }
        try buffer.flush()
        try sink.finish()
    }

    /// The generated days one at a time, as CSV rows without the header: for a producer that
    /// paces them (the demo). Visitors, sessions and the catalog carry over from day to day, as
    /// in ``write(to:progress:)``, so a stream of days has the shop's real proportions.
    public func days() -> Days { Days(self) }

    /// The state that carries from one generated day to the next.
    public struct Days {
        let generator: EventGenerator
        var rng: SeededRandom
        let catalog: Catalog
        var visitors: VisitorProcess
        let hours = WeightedSampler(EventGenerator.hourWeights)
        let writer: CSVRowWriter
        let dayTargets: [Int]
        var botDays = [Int: [Int]]()
        var sessionIndex: UInt64 = 0
        var index = 0
        var events: [GeneratedEvent] = []

        init(_ generator: EventGenerator) {
            let options = generator.options
            self.generator = generator
            rng = SeededRandom(seed: options.seed)
            catalog = Catalog(rows: options.rows, rng: &rng)
            visitors = VisitorProcess(newVisitorShare: ShopScale(rows: options.rows).newVisitorShare)
            writer = CSVRowWriter(catalog: catalog, seed: options.seed)
            dayTargets = EventGenerator.split(
                options.rows, over: (0..<options.days).map { generator.dayWeight(options.startDay + Int64($0)) })
            // Each bot bursts once, on a random day.
            for b in 0..<options.bots { botDays[rng.below(max(1, options.days)), default: []].append(b) }
        }

        /// The next day's rows as CSV lines, with the day (days since the epoch); nil after the last.
        public mutating func next() -> (day: Int64, csv: [UInt8])? {
            var buffer = OutputBuffer(sink: MemorySink())
            let day = generator.options.startDay + Int64(index)
            guard next(into: &buffer) != nil else { return nil }
            return (day, buffer.bytes)
        }

        /// Appends the next day's rows to `buffer`; how many, or nil after the last day.
        mutating func next(into buffer: inout OutputBuffer) -> Int? {
            while index < dayTargets.count, dayTargets[index] == 0 { index += 1 }
            guard index < dayTargets.count else { return nil }
            let d = index
            let target = dayTargets[d]
            index += 1
            let day = generator.options.startDay + Int64(d)
            let dayStart = day * UTCCalendar.secondsPerDay
            let purchaseBoost = EventGenerator.isSaleDay(day) ? 2.0 : 1.0
            events.removeAll(keepingCapacity: true)
            events.reserveCapacity(target)
            for bot in botDays[d] ?? [] where events.count < target {
                EventGenerator.burst(
                    into: &events, limit: target, dayStart: Double(dayStart), bot: bot, session: sessionIndex,
                    catalog: catalog, rng: &rng)
                sessionIndex += 1
            }
            while events.count < target {
                let user = visitors.next(&rng)
                let start = Double(dayStart) + Double(hours.sample(&rng)) * 3600 + rng.unit() * 3600
                EventGenerator.session(
                    into: &events, limit: target, start: start, dayEnd: Double(dayStart + UTCCalendar.secondsPerDay),
                    user: user, session: sessionIndex, purchaseBoost: purchaseBoost, catalog: catalog, rng: &rng)
                sessionIndex += 1
            }
            for i in events.indices { events[i].order |= UInt64(i) }
            events.sort { $0.order < $1.order }
            for e in events { writer.write(e, into: &buffer) }
            return events.count
        }
    }

    /// Appends one session's events, stopping at `limit` events for the day.
    fileprivate static func session(
        into events: inout [GeneratedEvent], limit: Int, start: Double, dayEnd: Double, user: Int32,
        session: UInt64, purchaseBoost: Double, catalog: Catalog, rng: inout SeededRandom
    ) {
        let directPurchase = 0.014 * purchaseBoost
        let cartConversion = min(0.95, 0.62 * (1 + (purchaseBoost - 1) * 0.5))
        var length = 1
        while rng.unit() < 0.782, length < 60 { length += 1 }  // 4.6 events on average
        var times: [Double] = []
        var t = start
        for _ in 0..<length {
            times.append(t)
            t += 2 + rng.exponential(mean: 40)
        }
        let overflow = times[times.count - 1] - (dayEnd - 1)
        if overflow > 0 { times = times.map { max(dayEnd - 86_400, $0 - overflow) } }

        var category = catalog.categorySampler.sample(&rng)
        var product = catalog.product(in: category, &rng)
        var carted: [Int] = []
        for k in 0..<length where events.count < limit {
            var type = EventType.view
            if !carted.isEmpty, rng.unit() < 0.4 {
                let p = carted.removeLast()
                if rng.unit() < cartConversion {
                    type = .purchase
                    product = p
                }
            }
            if type == .view {
                let r = rng.unit()
                if r < 0.029, k > 0 {
                    type = .cart
                    carted.append(product)
                } else if r < 0.029 + directPurchase, k > 0 {
                    type = .purchase
                } else if k > 0 {
                    if rng.unit() > 0.72 { category = catalog.categorySampler.sample(&rng) }
                    product = catalog.product(in: category, &rng)
                }
            }
            events.append(
                GeneratedEvent(
                    order: UInt64(times[k]) << 32, type: type.rawValue, product: Int32(product), user: user,
                    session: session))
        }
    }

    /// A bot's burst: 25 to 60 events within 2 to 8 seconds, mostly views, in one session.
    fileprivate static func burst(
        into events: inout [GeneratedEvent], limit: Int, dayStart: Double, bot: Int, session: UInt64,
        catalog: Catalog, rng: inout SeededRandom
    ) {
        let count = 25 + rng.below(36)
        let span = 2 + rng.unit() * 6
        let start = dayStart + 60 + rng.unit() * (86_400 - 120)
        let category = catalog.categorySampler.sample(&rng)
        for _ in 0..<count where events.count < limit {
            let r = rng.unit()
            let type: EventType = r < 0.9 ? .view : r < 0.97 ? .cart : .purchase
            events.append(
                GeneratedEvent(
                    order: UInt64(start + rng.unit() * span) << 32, type: type.rawValue,
                    product: Int32(catalog.product(in: category, &rng)), user: Int32(-1 - bot), session: session))
        }
    }

    /// Relative volume of a day: weekends a little busier, the 15–17 November sale 3.5×.
    func dayWeight(_ day: Int64) -> Double {
        if Self.isSaleDay(day) { return 3.5 }
        return UTCCalendar.isoWeekday(days: day) >= 6 ? 1.08 : 1.0
    }

    /// The mid-November sale (15–17 November): 3.5× the visits and, with twice the purchase
    /// rate, about 7× the purchases of a normal day, as in the real November file.
    static func isSaleDay(_ day: Int64) -> Bool {
        let (_, m, d) = UTCCalendar.civil(days: day)
        return m == 11 && (15...17).contains(d)
    }

    /// Splits `total` into integer parts proportional to `weights` that add up to `total` exactly.
    static func split(_ total: Int, over weights: [Double]) -> [Int] {
        let sum = weights.reduce(0, +)
        guard sum > 0 else { return weights.map { _ in 0 } }
        var parts = weights.map { Int(Double(total) * $0 / sum) }
        var rest = total - parts.reduce(0, +)
        var i = 0
        while rest > 0 {
            parts[i % parts.count] += 1
            rest -= 1
            i += 1
        }
        return parts
    }
}

/// One generated event before it is written: `order` is the time in the high 32 bits and the
/// generation order in the low ones, so sorting is deterministic.
struct GeneratedEvent {
    var order: UInt64
    var type: UInt8
    var product: Int32
    var user: Int32
    var session: UInt64

    var time: UInt32 { UInt32(order >> 32) }
}
