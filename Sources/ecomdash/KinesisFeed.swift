import AWS
import Dashboard
import Engine
import Foundation
import Report
import Synchronization

/// The dashboard's `--follow kinesis://NAME`: polls every shard of an Amazon Kinesis stream into
/// the store for as long as the dashboard runs, showing the rows read, their rate and how far
/// the stream's newest records are ahead. A named consumer's checkpoints are saved as the
/// dashboard closes, so its next run starts after what this one showed. With burst windows on
/// `txn_timestamp` (the tutorial's Flink job), the windows are detected here as records are read
/// and their alerts go to `dispatcher` once each, as the windows close.
final class KinesisFeed: Feed, @unchecked Sendable {
    private let store: EventStore
    private let reader: KinesisStreamReader
    private let txnWindows: TxnBurstWindows?
    private let dispatcher: AlertDispatcher?
    private let shared = Mutex(FeedStatus())
    private let stopping = Atomic(false)
    private let finished = DispatchSemaphore(value: 0)
    private var started = false

    /// - Parameter txnWindows: burst windows on `txn_timestamp`, or nil for event time (the
    ///   insight's).
    init(
        store: EventStore, reader: KinesisStreamReader, txnWindows: TxnBurstWindows? = nil,
        dispatcher: AlertDispatcher? = nil
    ) {
        self.store = store
        self.reader = reader
        self.txnWindows = txnWindows
        self.dispatcher = dispatcher
        if let txnWindows { reader.onRecord = txnWindows.record }
        shared.withLock {
            $0.source = "kinesis://\(reader.stream)" + (reader.checkpoints.map { " as \($0.consumer)" } ?? "")
        }
    }

    var follows: Bool { true }
    var status: FeedStatus { shared.withLock { $0 } }
    func changeSpeed(by factor: Double) {}

    func start() {
        started = true
        let thread = Thread { [self] in
            var window: [(time: Date, rows: Int)] = []
            var bursts = FeedBursts(clock: .txn)
            while !stopping.load(ordering: .acquiring) {
                do {
                    try reader.poll(into: store, following: true)
                } catch {
                    shared.withLock { $0.failure = "\(error)" }
                    break
                }
                if let txnWindows { bursts.advance(txnWindows, caughtUp: reader.caughtUp, dispatcher: dispatcher) }
                let now = Date()
                window.append((now, store.count))
                window.removeAll { now.timeIntervalSince($0.time) > 2 }
                let behind = reader.lag.map(\.millis).max() ?? 0
                let shards = reader.lag.count
                shared.withLock {
                    $0.rows = store.count
                    $0.rejected = reader.rejected.count
                    if let first = window.first, now > first.time {
                        $0.rowsPerSecond = Double(store.count - first.rows) / now.timeIntervalSince(first.time)
                    }
                    $0.notice =
                        "\(shards) shard(s), \(NumberFormat.fixed(Double(behind) / 1000, decimals: 1)) s behind the newest record"
                    if let txnWindows {
                        $0.feedBursts = bursts
                        $0.lateEvents = txnWindows.detector.late
                        if let notice = txnWindows.notice { $0.notice! += " · " + notice }
                    }
                }
            }
            finished.signal()
        }
        thread.start()
    }

    func stop() {
        guard started, !stopping.exchange(true, ordering: .acquiringAndReleasing) else { return }
        finished.wait()
        do {
            try reader.commit()
        } catch {
            FileHandle.standardError.write(Data("ecomdash: could not save the consumer's checkpoints: \(error)\n".utf8))
        }
    }
}
