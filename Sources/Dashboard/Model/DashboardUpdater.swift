import Engine

/// Brings the dashboard's data up to date for each new snapshot or filter, keeping the figures
/// of the current filter (``LiveInsights``) from one update to the next.
///
/// The figures are kept up to date batch by batch, so an update costs the rows that arrived and,
/// for a window that slides with the data (last day, last hour), the rows that left it; a new
/// filter starts over with one full fold, as does an older snapshot (a pause taken while newer
/// rows were already folded in).
public struct DashboardUpdater {
    /// The live figures of the filters in use: the one shown and, kept beside it, the unfiltered
    /// one (the alert sinks need it, and clearing a filter then costs only the rows since).
    private var live: [LiveInsights] = []
    /// For a complete input (nothing will change): the data of the last few views, so that going
    /// back to one — clearing a filter — shows it at once.
    private var kept: [(key: ViewKey, data: DashboardData)] = []
    /// For a stream: the tiles' two periods first, kept up to date like the panels' figures
    /// (refolding a day twice on every refresh cost half a second with a month held), then those
    /// of the view before. The first is nil when the period is the panels' own window.
    private var periods: [LiveInsights?] = []

    /// What a complete input's data depends on.
    private struct ViewKey: Equatable {
        var filter: DashboardFilter
        var base: InsightOptions
        var baseline: PeriodComparison.Baseline?
        var rows: Int
    }

    public init() {}

    /// The data every panel shows for `snapshot` under `filter`; nil when `cancelled` said so
    /// midway. With `finite` (the input ends: files, a lake, read or still loading) nothing is
    /// kept for later batches: each view is one parallel fold over the snapshot, cheaper than
    /// keeping live state, and its data is kept for a return to it.
    public mutating func data(
        _ snapshot: EventSnapshot, filter: DashboardFilter, base: InsightOptions,
        comparing baseline: PeriodComparison.Baseline? = .previousPeriod, finite: Bool = false,
        cancelled: (() -> Bool)? = nil
    ) -> DashboardData? {
        if finite {
            // Only the unfiltered live figures stay: the alert sinks read them.
            live = live.filter { $0.options == base }
            let key = ViewKey(filter: filter, base: base, baseline: baseline, rows: snapshot.count)
            if let k = kept.firstIndex(where: { $0.key == key }) {
                let hit = kept.remove(at: k)
                kept.append(hit)  // the views in the order last shown
                return hit.data
            }
            guard
                let data = DashboardData(
                    snapshot, filter: filter, base: base, live: nil, comparing: baseline, cancelled: cancelled)
            else { return nil }
            foldedViews += 1
            kept.removeAll { $0.key.rows != snapshot.count || $0.key == key }
            kept.append((key, data))
            // Four views: the unfiltered one always, so that clearing a filter is immediate (a
            // fifth view evicted it as the first kept: clearing then refolded the month, 4.8 s),
            // then the last shown.
            if kept.count > 4 { kept.remove(at: kept.firstIndex { $0.key.filter != DashboardFilter() } ?? 0) }
            return data
        }
        kept = []
        let latest = snapshot.count > 0 ? Int64(snapshot.timeRange.1) : 0
        let options = filter.options(base: base, latest: latest)
        let shown = liveInsights(following: options, base: base)
        guard
            var data = DashboardData(
                snapshot, filter: filter, base: base, live: shown, comparing: nil, cancelled: cancelled)
        else { return nil }
        if let baseline, let period = PeriodComparison.period(data.options.window, in: snapshot) {
            let clock = ContinuousClock.now
            var current = data.options
            current.window = period
            let previous = PeriodComparison.baseline(of: current, baseline)
            let slides = filter.slidesWithData
            // A window with an end (last day, last hour) is its own period: the panels' figures
            // are the tile's, and folding the same rows again cost a third of a new window.
            let now =
                PeriodComparison.isWindow(data.options.window) ? nil : periodInsights(current, at: 0, slides: slides)
            let before = periodInsights(previous, at: 1, slides: slides)
            guard now?.follow(snapshot, window: current.window, cancelled: cancelled) ?? true,
                before.follow(snapshot, window: previous.window, cancelled: cancelled)
            else { return nil }
            periods = [now, before] + periods.filter { $0 != nil && $0 !== now && $0 !== before }.prefix(2)
            data.comparison = PeriodComparison(
                current: period, previous: previous.window, baseline: baseline,
                currentKPIs: now?.kpis() ?? shown.kpis(), previousKPIs: before.kpis())
            data.computeSeconds += (ContinuousClock.now - clock).seconds
        }
        return data
    }

    /// The kept figures of one compared period (`position` 0 the current one, 1 the one before),
    /// or new ones. A sliding window's periods slide with it (else every refresh would fold two
    /// days again); the periods of the view before stay kept, so that going back to it — clearing
    /// a filter — finds its figures.
    private mutating func periodInsights(_ options: InsightOptions, at position: Int, slides: Bool) -> LiveInsights {
        if periods.indices.contains(position), let kept = periods[position],
            kept.options == options || slides && kept.canFollow(options)
        {
            return kept
        }
        if let kept = periods.lazy.compactMap({ $0 }).first(where: { $0.options == options }) { return kept }
        newPeriods += 1
        return LiveInsights(options: options, fixedWindow: !slides)
    }

    /// The compared periods whose figures were started from nothing (each a fold of its rows).
    private(set) var newPeriods = 0
    /// The views of a complete input folded from the snapshot (the others were kept).
    private(set) var foldedViews = 0

    /// The live figures for `options` — those made for them, else those that can slide to their
    /// window, else new ones; keeps them and the unfiltered ones under `base`. The unfiltered
    /// ones never slide to a filter's window: clearing the filter then shows them at once, and a
    /// day's figures are one fold of the day's chunks, where sliding a month's out cost seconds.
    private mutating func liveInsights(following options: InsightOptions, base: InsightOptions) -> LiveInsights {
        let found =
            live.first { $0.options == options } ?? live.first { $0.options != base && $0.canFollow(options) }
            ?? LiveInsights(options: options)
        live = [found] + live.filter { $0 !== found && $0.options == base }.prefix(1)
        return found
    }

    /// Keeps figures made before this run (a lake's saved view) for a complete input of
    /// `data.rows` rows: once those rows are loaded, the view is shown without a fold.
    public mutating func keep(
        _ data: DashboardData, filter: DashboardFilter, base: InsightOptions, baseline: PeriodComparison.Baseline?
    ) {
        kept.append((ViewKey(filter: filter, base: base, baseline: baseline, rows: data.rows), data))
    }

    /// The burst alerts of every row under the base options, whatever the filter shows.
    public mutating func alertsOnAllRows(_ snapshot: EventSnapshot, base: InsightOptions) -> [BurstAlert] {
        let all: LiveInsights
        if let found = live.first(where: { $0.options == base }) {
            all = found
        } else {
            all = LiveInsights(options: base)
            live = Array(live.prefix(1)) + [all]
        }
        guard all.canFold(snapshot) else { return BurstAlerts(snapshot, options: base).alerts }
        all.follow(snapshot)
        return all.bursts(snapshot).alerts
    }
}
