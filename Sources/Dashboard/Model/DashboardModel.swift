import Engine
import Foundation
import Synchronization

/// Computes the dashboard's data off the UI thread: whenever the store grew or the filter
/// changed, it takes a snapshot, brings every panel's figures up to date (``DashboardUpdater``)
/// and publishes them. The UI never waits: it draws the latest published data.
public final class DashboardModel: @unchecked Sendable {
    public let store: EventStore
    private let shared: Mutex<Shared>

    private struct Shared {
        var base: InsightOptions
        var filter = DashboardFilter()
        var baseline: PeriodComparison.Baseline? = .previousPeriod
        var paused = false
        var frozen: EventSnapshot?
        var data: DashboardData?
        var version = 0
        var requested = 0
        var stopped = false
        var running = false
        /// The request the published data answers: behind `requested` while a new filter, base or
        /// baseline is being computed (the old figures stay shown meanwhile).
        var published = 0
    }

    /// Sends burst alerts to their sinks, once each, as their windows close (on all rows, whatever
    /// the filter shows).
    public var alerts: AlertDispatcher?
    /// True once no more rows will come (a file read to its end): every window is then closed, and
    /// figures are computed from the snapshot rather than kept up to date.
    public var isComplete: (@Sendable () -> Bool)?
    /// True when the input ends (files, a lake; not a stream). While it loads, figures are folded
    /// from the snapshot now and then — after three times the last fold's time — rather than kept
    /// up to date batch by batch: on a month, following every batch made loading take nearly twice
    /// as long as reading the file and folding it once.
    public var isFinite: (@Sendable () -> Bool)?
    /// For a stream: the event time every shard has been read up to, nil while unknown. Burst
    /// windows close by it rather than by the newest event seen, so that catching up with a
    /// stream's history, shard after shard, closes no window before all its events are read.
    public var streamWatermark: (@Sendable () -> Int64?)?
    /// True while figures on part of the rows are not worth computing: a lake loads in a second
    /// or two, and computing the panels on each segment as it lands would only delay the whole.
    public var holdWhile: (@Sendable () -> Bool)?
    /// A lake's saved views (``SavedViews``): the opening view is shown from them at once, while
    /// the rows load, and saved once folded when it was not there.
    public var savedViews: SavedViews?

    public init(store: EventStore, options: InsightOptions) {
        self.store = store
        shared = Mutex(Shared(base: options))
    }

    /// The newest data and a number that changes whenever it does.
    public var latest: (data: DashboardData?, version: Int) { shared.withLock { ($0.data, $0.version) } }

    /// True while the figures of a new filter, window or baseline are being computed: the panels
    /// still show the previous ones, and the status line says so.
    public var isComputing: Bool { shared.withLock { $0.published != $0.requested } }

    /// The options under the filter: window from the command line, level, thresholds.
    public var baseOptions: InsightOptions { shared.withLock { $0.base } }

    public func setBase(_ o: InsightOptions) {
        shared.withLock {
            $0.base = o; $0.requested += 1
        }
    }

    /// Recompute with a new filter (a filter change is a full scan, on the worker).
    public func setFilter(_ f: DashboardFilter) {
        shared.withLock {
            $0.filter = f; $0.requested += 1
        }
    }

    /// What the key figures are compared with (nil: no comparison).
    public func setBaseline(_ b: PeriodComparison.Baseline?) {
        shared.withLock {
            $0.baseline = b; $0.requested += 1
        }
    }

    /// Freezes the figures on the current rows (new rows keep arriving in the store).
    public func setPaused(_ p: Bool) {
        let snapshot = store.snapshot()
        shared.withLock {
            $0.paused = p
            $0.frozen = p ? snapshot : nil
            $0.requested += 1
        }
    }

    /// Stops the worker; it first delivers the alerts of windows the newest rows closed (the user
    /// may quit between two updates), and this waits for that, a few seconds at most.
    public func stop() {
        let running = shared.withLock {
            $0.stopped = true
            return $0.running
        }
        if running { _ = finished.wait(timeout: .now() + 5) }
    }

    private let finished = DispatchSemaphore(value: 0)

    /// Starts the worker thread; it polls for changes every `interval` seconds. New rows alone
    /// are folded in at most once every `refresh` seconds — the screen shows no more — however
    /// often a stream's batches land; a new filter, window or baseline is computed at once.
    public func start(interval: Double, refresh: Double = 0) {
        shared.withLock { $0.running = true }
        let thread = Thread { [self] in
            var seenRows = -1
            var seenRequest = -1
            var seenClosedBy: Int64? = nil
            var finalDispatched = false
            var updater = DashboardUpdater()
            // When the last fold from the snapshot ended and how long it took (a finite input).
            var lastFold: (end: ContinuousClock.Instant, took: Duration)? = nil
            // When the last update began: the next one for new rows alone waits `refresh` after it.
            var lastBegan = ContinuousClock.now - .seconds(refresh)
            // When the arenas' free memory was last given back (ProcessMemory): folds leave their
            // partial states' memory there.
            var lastRelease = ContinuousClock.now
            if let savedViews {
                let (filter, base, baseline) = shared.withLock { ($0.filter, $0.base, $0.baseline) }
                if let saved = savedViews.load(filter: filter, base: base, baseline: baseline) {
                    updater.keep(saved, filter: filter, base: base, baseline: baseline)
                    shared.withLock {
                        // Unless the user chose another view meanwhile, this one answers.
                        if $0.filter == filter, $0.base == base, $0.baseline == baseline {
                            $0.data = saved
                            $0.version += 1
                        }
                    }
                }
            }
            // Delivers the alerts, on every row, of the windows `closedBy` closed (without a stream
            // watermark: the newest event); all of them once the input is complete.
            func deliverAlerts(_ snapshot: EventSnapshot, base: InsightOptions, closedBy: Int64?) {
                guard let alerts, !alerts.isEmpty else { return }
                alerts.dispatch(
                    updater.alertsOnAllRows(snapshot, base: base), rule: base.burst,
                    latest: closedBy ?? Int64(snapshot.timeRange.1), final: isComplete?() ?? false)
            }
            while true {
                let (filter, base, baseline, frozen, requested, stopped) = shared.withLock {
                    ($0.filter, $0.base, $0.baseline, $0.frozen, $0.requested, $0.stopped)
                }
                if stopped {
                    let closedBy = streamWatermark.map { $0() ?? .min }
                    deliverAlerts(store.snapshot(), base: base, closedBy: closedBy)
                    finished.signal()
                    return
                }
                // Read before the snapshot, so the rows the watermark covers are in it; a paused
                // view closes windows by its own rows.
                let closedBy = frozen == nil ? streamWatermark.map { $0() ?? .min } : nil
                if holdWhile?() == true {
                    Thread.sleep(forTimeInterval: interval)
                    continue
                }
                let snapshot = frozen ?? store.snapshot()
                let complete = isComplete?() ?? false
                let finite = complete || isFinite?() == true
                if snapshot.count != seenRows || requested != seenRequest || closedBy != seenClosedBy {
                    // New rows alone wait for their turn (a new filter does not): the next frame,
                    // or for a file still loading three times the last fold's time.
                    if requested == seenRequest,
                        ContinuousClock.now < lastBegan + .seconds(refresh)
                            || finite && !complete
                                && lastFold.map { ContinuousClock.now < $0.end + $0.took * 3 } ?? false
                    {
                        Thread.sleep(forTimeInterval: interval)
                        continue
                    }
                    // A filter changed again meanwhile, or the file finished loading during a fold
                    // of part of it: drop this one and start over.
                    let partial = finite && !complete
                    let isComplete = self.isComplete
                    let superseded = {
                        self.shared.withLock { $0.requested != requested || $0.stopped }
                            || (partial && isComplete?() == true)
                    }
                    let began = ContinuousClock.now
                    lastBegan = began
                    guard
                        let data = updater.data(
                            snapshot, filter: filter, base: base, comparing: baseline, finite: finite,
                            cancelled: superseded)
                    else { continue }
                    lastFold = (ContinuousClock.now, ContinuousClock.now - began)
                    seenRows = snapshot.count
                    seenRequest = requested
                    seenClosedBy = closedBy
                    deliverAlerts(snapshot, base: base, closedBy: closedBy)
                    shared.withLock {
                        $0.data = data
                        $0.version += 1
                        $0.published = requested
                    }
                    if let savedViews, complete, filter.isEmpty, !data.restored, frozen == nil {
                        savedViews.save(data, filter: filter, base: base, baseline: baseline)
                    }
                    if ContinuousClock.now - lastRelease > .seconds(10) {
                        ProcessMemory.releaseFree()
                        lastRelease = ContinuousClock.now
                    }
                } else {
                    // Once the input is complete, every window is closed: deliver the last alerts.
                    if !finalDispatched, alerts?.isEmpty == false, isComplete?() == true {
                        finalDispatched = true
                        deliverAlerts(snapshot, base: base, closedBy: nil)
                    }
                    Thread.sleep(forTimeInterval: interval)
                }
            }
        }
        thread.stackSize = 4 << 20
        thread.start()
    }
}
