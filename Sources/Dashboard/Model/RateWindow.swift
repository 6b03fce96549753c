/// Rows a second over the last `span` seconds: the rate the status line shows, however a feed
/// counts its rows (a demo's batches, a stream's polls, a lake's landings).
struct RateWindow {
    let span: Double
    private var samples: [(time: Double, rows: Int)] = []

    init(span: Double) { self.span = span }

    /// Counts `rows` that arrived at `time` (seconds), forgetting what is older than the span.
    mutating func add(_ rows: Int, at time: Double) {
        samples.append((time, rows))
        samples.removeAll { $0.time < time - span }
    }

    /// The rate at `time`: the rows of the last `span` seconds, a second.
    mutating func perSecond(at time: Double) -> Double {
        samples.removeAll { $0.time < time - span }
        return Double(samples.reduce(0) { $0 + $1.rows }) / span
    }
}
