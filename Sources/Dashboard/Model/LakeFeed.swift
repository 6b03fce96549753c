import Engine
import Foundation
import Synchronization

/// Follows a lake that an ingest is landing into (`ecomdash --follow LAKE`): loads it whole first,
/// then reads its manifest every second and appends what each landing added, so the panels
/// show a Firehose-style landing (`ingest --stream DIR --follow`) as it lands.
public final class LakeFeed: Feed, @unchecked Sendable {
    private let store: EventStore
    private let follower: LakeFollower
    private let interval: Double
    private let shared = Mutex(FeedStatus())
    private let stopping = Atomic(false)

    /// - Parameter interval: seconds between reads of the manifest.
    public init(store: EventStore, follower: LakeFollower, interval: Double = 1) {
        self.store = store
        self.follower = follower
        self.interval = interval
        shared.withLock {
            $0.source = "lake \(follower.lake.path)"
            $0.loading = true
        }
    }

    public var follows: Bool { true }
    public var status: FeedStatus { shared.withLock { $0 } }
    public func changeSpeed(by factor: Double) {}
    public func stop() { stopping.store(true, ordering: .releasing) }

    public func start() {
        let thread = Thread { [self] in
            var rate = RateWindow(span: 10)
            while !stopping.load(ordering: .acquiring) {
                let started = Date()
                do {
                    let first = status.loading
                    let n = try follower.poll(into: store) { _ in
                        self.shared.withLock { $0.rows = self.store.count }
                    }
                    // The rate of what landed since the start, not of the first load.
                    let now = Date().timeIntervalSince1970
                    if !first { rate.add(n, at: now) }
                    let perSecond = rate.perSecond(at: now)
                    shared.withLock {
                        $0.loading = false
                        $0.rows = store.count
                        $0.rowsPerSecond = perSecond
                        let segments = follower.lake.manifest.segments.count
                        $0.notice = "lake: \(segments) segment(s), checked every \(Int(interval)) s"
                    }
                } catch {
                    shared.withLock {
                        $0.loading = false
                        $0.failure = "\(error)"
                    }
                    return
                }
                Thread.sleep(forTimeInterval: max(0, interval - Date().timeIntervalSince(started)))
            }
        }
        thread.start()
    }
}
