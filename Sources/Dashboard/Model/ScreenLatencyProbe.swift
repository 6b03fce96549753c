import Engine
import Foundation
import Synchronization

/// Measures what a user of `--follow` waits for: the time from a record's append to the stream
/// (its arrival time) to the first frame drawn with data that includes it.
///
/// The feed reports each batch of records once they are in the store, with the store's row
/// count at that moment; the app reports each frame it draws with the row count of the data
/// it drew. A batch is on screen at the first frame whose data holds its rows. Records appended
/// before the dashboard started (a stream read from its beginning) are on screen late by
/// design and are not counted. Enabled by `ECOMDASH_TRACE=1`; the summary is printed when the
/// dashboard exits (`bench/dashboard-latency.sh`).
public final class ScreenLatencyProbe: Sendable {
    private struct State {
        var pending: [(rows: Int, arrivals: [UInt64])] = []
        var latencies = LatencyHistogram()
        var rowsAtEnd = 0
    }
    private let state = Mutex(State())
    private let started = UInt64(Date().timeIntervalSince1970 * 1000)

    public init() {}

    /// Records in the store now: `arrivals` (epoch milliseconds), visible once `rows` rows are.
    public func stored(rows: Int, arrivals: [UInt64]) {
        let appendedSinceStart = arrivals.filter { $0 >= started }
        state.withLock { $0.pending.append((rows, appendedSinceStart)) }
    }

    /// A frame was drawn from data holding `rows` rows.
    public func drawn(rows: Int) {
        let now = Date().timeIntervalSince1970 * 1000
        state.withLock { s in
            s.rowsAtEnd = max(s.rowsAtEnd, rows)
            var shown = 0
            for batch in s.pending {
                guard batch.rows <= rows else { break }
                for a in batch.arrivals { s.latencies.record(milliseconds: now - Double(a)) }
                shown += 1
            }
            s.pending.removeFirst(shown)
        }
    }

    /// "append-to-screen latency: p50 … p99 … max … over N records (M rows held)", or nil when
    /// no record was drawn.
    public var summary: String? {
        state.withLock { s in
            guard s.latencies.count > 0 else { return nil }
            return String(
                format:
                    "append-to-screen latency: p50 %.1f ms, p99 %.1f ms, max %.1f ms over %d records (%d rows held)",
                s.latencies.percentile(0.5), s.latencies.percentile(0.99), s.latencies.maxMilliseconds,
                s.latencies.count, s.rowsAtEnd)
        }
    }
}
