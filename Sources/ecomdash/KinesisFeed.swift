import AWS
import Dashboard
import Engine
import Foundation
import Report
import Synchronization

/// The dashboard's `--follow kinesis://NAME`: polls every shard of an Amazon Kinesis stream into
/// the store for as long as the dashboard runs, showing the rows read, their rate and how far
/// the stream's newest records are ahead. A named consumer's checkpoints are saved as the
/// dashboard closes, so its next run starts after what this one showed.
final class KinesisFeed: Feed, @unchecked Sendable {
    private let store: EventStore
    private let reader: KinesisStreamReader
    private let shared = Mutex(FeedStatus())
    private let stopping = Atomic(false)
    private let finished = DispatchSemaphore(value: 0)
    private var started = false

    init(store: EventStore, reader: KinesisStreamReader) {
        self.store = store
        self.reader = reader
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
            while !stopping.load(ordering: .acquiring) {
                do {
                    try reader.poll(into: store, following: true)
                } catch {
                    shared.withLock { $0.failure = "\(error)" }
                    break
                }
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
