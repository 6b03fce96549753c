extension LiveInsights {
    /// The five insights on every row of `snapshot` (folded in first), equal to
    /// `Insights(snapshot, options:)`.
    public func insights(_ snapshot: EventSnapshot) -> Insights {
        fold(snapshot)
        let labels = CategoryLabels(snapshot, level: options.categoryLevel)
        let figures = self.figures
        return Insights(
            visitors: Self.visitorsPerDay(figures), abandonment: cartAbandonment(snapshot, labels: labels),
            categories: categoryActivity(figures, labels: labels), brands: brandMarketing(figures, snapshot),
            bursts: burstAlerts)
    }

    /// Hourly activity, equal to `ActivitySeries(snapshot, options:, bucketSeconds: 3600)`.
    public func hourly(_ snapshot: EventSnapshot) -> ActivitySeries {
        fold(snapshot)
        let (lo, hi) = snapshot.timeRange
        let dataEnd = Int64(hi) + 1
        let first = max(Int64(lo), options.window.from ?? 0)
        let end = min(dataEnd, options.window.to ?? dataEnd)
        let types = EventType.allCases.count
        guard snapshot.count > 0, first < end else {
            return ActivitySeries(
                start: 0, bucketSeconds: 3600, byType: Array(repeating: [], count: types), revenueCents: [],
                visitors: [])
        }
        let firstHour = first / 3600
        let figures = self.figures
        let buckets = (firstHour...((end - 1) / 3600)).map { figures.hours[$0] }
        return ActivitySeries(
            start: firstHour * 3600, bucketSeconds: 3600,
            byType: (0..<types).map { t in buckets.map { $0.count(t) } }, revenueCents: buckets.map(\.revenueCents),
            visitors: buckets.map(\.visitors))
    }

    /// Insight 5 alone (what alert sinks need), equal to `BurstAlerts(snapshot, options:)`.
    public func bursts(_ snapshot: EventSnapshot) -> BurstAlerts {
        fold(snapshot)
        return burstAlerts
    }

    /// Totals over the window, equal to `WindowTotals(snapshot, options:)`.
    public func totals(_ snapshot: EventSnapshot) -> WindowTotals {
        fold(snapshot)
        let figures = self.figures
        return WindowTotals(visitors: visitors, sessions: figures.sessions, eventsByType: figures.eventsByType)
    }

    private static func visitorsPerDay(_ figures: RowFigures) -> VisitorsPerDay {
        var days: [VisitorsPerDay.Day] = []
        figures.days.forEach { d, f in
            guard f.events > 0 else { return }
            days.append(
                VisitorsPerDay.Day(
                    day: UTCCalendar.dayString(days: d), visitors: f.visitors, sessions: f.sessions, events: f.events,
                    purchases: f.purchases, revenueCents: f.revenueCents))
        }
        return VisitorsPerDay(days: days)
    }

    private func cartAbandonment(_ snapshot: EventSnapshot, labels: CategoryLabels) -> CartAbandonment {
        let a = abandonment
        var byLabel = [CartAbandonment.Tally](repeating: .init(), count: labels.labels.count)
        for c in a.categories.indices { byLabel[Int(labels.indexOfCategory[c])].add(a.categories[c]) }
        var byDay: [CartAbandonment.Day] = []
        a.days.forEach { d, t in
            if t.cartedPairs > 0 { byDay.append(CartAbandonment.Day(day: UTCCalendar.dayString(days: d), tally: t)) }
        }
        return CartAbandonment(
            total: a.total, abandoningUsers: a.abandoningUsers, cartOnlyUsers: a.cartOnlyUsers, byDay: byDay,
            categories: byLabel, labels: labels, brands: a.brands, products: a.products, snapshot: snapshot)
    }

    private func categoryActivity(_ figures: RowFigures, labels: CategoryLabels) -> CategoryActivity {
        var byLabel = [ActivityCounts](repeating: ActivityCounts(), count: labels.labels.count * 31)
        let cells = figures.cells
        for c in 0..<(cells.count / 31) {
            let l = Int(labels.indexOfCategory[c]) * 31
            for j in 0..<31 { byLabel[l + j].add(cells[c * 31 + j]) }
        }
        return CategoryActivity(cells: byLabel, labels: labels.labels, metric: options.rankCategoriesBy)
    }

    private func brandMarketing(_ figures: RowFigures, _ snapshot: EventSnapshot) -> BrandMarketing {
        BrandMarketing(
            counts: figures.brandCounts, reach: brandVisitors.indices.map { (brandVisitors[$0], brandBuyers[$0]) },
            brandLabels: snapshot.brandLabels, minViews: options.minViews)
    }

    private var burstAlerts: BurstAlerts {
        let rule = options.burst
        var active: [(start: Int64, users: Int)] = []
        activeUsers.forEach { w, n in
            if n > 0 { active.append((w * rule.windowSeconds, Int(n))) }
        }
        return BurstAlerts(
            rule: rule,
            alerts: alerts.values.sorted { ($0.windowStart, $0.userId) < ($1.windowStart, $1.userId) },
            activeUsers: active)
    }
}
