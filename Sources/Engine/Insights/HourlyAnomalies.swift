/// Hours whose events, purchases or revenue stray from what that hour of the day usually holds
/// (QuickSight's anomaly flags, as a rule anyone can recompute).
///
/// The rule: take the whole hours the data covers (an hour at either end counts only when the
/// window's rows reach within a minute of its edge, so a stream's unfinished hour is not a "dip"). For
/// each hour of the day (0–23) and each metric, the usual level is the **median** over the days
/// held, and the spread the **median absolute deviation** (MAD), scaled by 1.4826 so that it
/// estimates a standard deviation; where half the days are identical and MAD is 0, the mean
/// absolute deviation scaled by 1.2533 stands in. An hour is an anomaly when its robust score
/// `(value − median) ÷ spread` is beyond ±3.5 (Iglewicz and Hoaglin's cut-off) and its hour of
/// the day has at least five days to judge by. Values that never vary are never anomalous.
public struct HourlyAnomalies: Sendable, Equatable, Codable {
    public enum Metric: Int, CaseIterable, Sendable, Codable {
        case events, purchases, revenue

        public var name: String {
            switch self {
            case .events: "events"
            case .purchases: "purchases"
            case .revenue: "revenue"
            }
        }
    }

    public struct Anomaly: Sendable, Equatable, Codable {
        /// Epoch second where the hour starts (UTC).
        public var hour: Int64
        public var metric: Metric
        /// The hour's value (revenue in cents), and the median of its hour of the day.
        public var value: Int64
        public var usual: Double
        /// `(value − usual) ÷ spread`: positive above the usual level, negative below.
        public var score: Double
    }

    public static let threshold = 3.5
    public static let minimumDays = 5

    /// In time order; at one hour, in ``Metric`` order.
    public var anomalies: [Anomaly]

    /// - Parameters:
    ///   - series: hourly buckets (`bucketSeconds` 3600, starting on an hour).
    ///   - covered: the span the data covers — the first event to one second after the last,
    ///     within the window asked for.
    public init(_ series: ActivitySeries, covered: Range<Int64>) {
        anomalies = []
        guard series.bucketSeconds == 3600, series.count > 0 else { return }
        let events = series.events
        let purchases = series.byType[Int(EventType.purchase.rawValue)]
        func value(_ m: Metric, _ b: Int) -> Int64 {
            switch m {
            case .events: Int64(events[b])
            case .purchases: Int64(purchases[b])
            case .revenue: series.revenueCents[b]
            }
        }
        let whole = (0..<series.count).filter { b in
            let start = series.start + Int64(b) * 3600
            return start >= covered.lowerBound - 60 && start + 3600 <= covered.upperBound + 60
        }
        let byHourOfDay = Dictionary(grouping: whole) { b in Int(((series.start + Int64(b) * 3600) % 86_400) / 3600) }
        var found: [Anomaly] = []
        for (_, buckets) in byHourOfDay where buckets.count >= Self.minimumDays {
            for metric in Metric.allCases {
                let values = buckets.map { Double(value(metric, $0)) }
                let usual = Self.median(values)
                let deviations = values.map { abs($0 - usual) }
                var spread = 1.4826 * Self.median(deviations)
                if spread == 0 { spread = 1.2533 * deviations.reduce(0, +) / Double(deviations.count) }
                guard spread > 0 else { continue }
                for b in buckets {
                    let v = value(metric, b)
                    let score = (Double(v) - usual) / spread
                    if abs(score) > Self.threshold {
                        found.append(
                            Anomaly(
                                hour: series.start + Int64(b) * 3600, metric: metric, value: v, usual: usual,
                                score: score))
                    }
                }
            }
        }
        anomalies = found.sorted { ($0.hour, $0.metric.rawValue) < ($1.hour, $1.metric.rawValue) }
    }

    /// The `n` that stray furthest (largest |score|), in time order: what a short list shows.
    public func strongest(_ n: Int) -> [Anomaly] {
        guard anomalies.count > n else { return anomalies }
        let kept = anomalies.indices.sorted { abs(anomalies[$0].score) > abs(anomalies[$1].score) }.prefix(n)
        return kept.sorted().map { anomalies[$0] }
    }

    /// Whether bucket `b` of `series` holds an anomaly of `metric` (the Overview's marks).
    public func marks(_ series: ActivitySeries, _ metric: Metric) -> [Bool] {
        var marks = [Bool](repeating: false, count: series.count)
        for a in anomalies where a.metric == metric {
            let b = Int((a.hour - series.start) / max(1, series.bucketSeconds))
            if b >= 0, b < marks.count { marks[b] = true }
        }
        return marks
    }

    /// The middle value (the mean of the two middle ones for an even count).
    static func median(_ values: [Double]) -> Double {
        let s = values.sorted()
        let n = s.count
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2
    }
}

extension HourlyAnomalies {
    /// The anomalies of `hourly` (the snapshot's hourly series under `window`). The span the data
    /// covers is that of its rows inside the window, so that the answer does not depend on rows
    /// outside it (a lake opened for the window holds only those).
    public init(_ snapshot: EventSnapshot, hourly: ActivitySeries, window: TimeWindow) {
        guard let (lo, hi) = snapshot.timeRange(in: window) else {
            self.init(hourly, covered: 0..<0)
            return
        }
        self.init(hourly, covered: Int64(lo)..<(Int64(hi) + 1))
    }
}

extension EventSnapshot {
    /// The earliest and latest event time of the rows in `window`, or nil when none is: the
    /// zone maps answer for chunks wholly inside or outside it, the others are scanned.
    public func timeRange(in window: TimeWindow) -> (UInt32, UInt32)? {
        let from = window.from ?? Int64.min
        let to = window.to ?? Int64.max
        var lo = UInt32.max
        var hi = UInt32.min
        for c in 0..<chunkCount {
            let chunk = chunk(c)
            let r = chunk.times
            if r.high != .max, Int64(r.high) < from || Int64(r.low) >= to { continue }
            if r.high != .max, Int64(r.low) >= from, Int64(r.high) < to {
                lo = min(lo, r.low)
                hi = max(hi, r.high)
                continue
            }
            for i in 0..<chunk.count {
                let t = chunk.time[i]
                if Int64(t) >= from, Int64(t) < to {
                    lo = min(lo, t)
                    hi = max(hi, t)
                }
            }
        }
        return lo <= hi ? (lo, hi) : nil
    }
}
