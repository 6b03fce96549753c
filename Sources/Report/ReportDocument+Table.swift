import Engine

extension ReportDocument {
    /// How many entries a table section lists when the user gave no `--top`.
    static let defaultTableTop = 10

    /// The report as readable text for an 80-column terminal: titled sections, aligned numbers,
    /// thousands separators. Long lists show their top entries (`--top` changes how many).
    public var table: String {
        var out: [String] = []
        let t = top ?? Self.defaultTableTop
        let i = insights
        let g = NumberFormat.grouped
        let money = NumberFormat.money(cents:)
        let pct = NumberFormat.percent

        var header = "ecomdash report — \(source.inputs.joined(separator: ", "))\n"
        header += "rows \(g(source.rows))  rejected \(g(source.rejected))"
        header += "  window \(source.window.from.map(UTCCalendar.isoString) ?? "start") → "
        header += (source.window.to.map(UTCCalendar.isoString) ?? "end") + "\n"
        out.append(header)

        var visitors = TextTable([
            .init("day", .left), .init("visitors"), .init("sessions"), .init("events"),
            .init("purchases"), .init("revenue"),
        ])
        for d in i.visitors.days {
            visitors.add([d.day, g(d.visitors), g(d.sessions), g(d.events), g(d.purchases), money(d.revenueCents)])
        }
        out.append(Self.section("Unique visitors per day", visitors.render()))

        let a = i.abandonment
        var summary = "carted pairs \(g(a.total.cartedPairs))   abandoned \(g(a.total.abandonedPairs))"
        summary += " (\(pct(a.total.rate)))   abandoned value \(money(a.total.abandonedValueCents))\n"
        summary +=
            "users abandoning a cart \(g(a.abandoningUsers))   cart-only users (no purchase) \(g(a.cartOnlyUsers))\n"
        var byDay = TextTable([
            .init("first cart day", .left), .init("carted"), .init("abandoned"), .init("rate"),
            .init("value"),
        ])
        for d in a.byDay {
            byDay.add([
                d.day, g(d.tally.cartedPairs), g(d.tally.abandonedPairs), pct(d.tally.rate),
                money(d.tally.abandonedValueCents),
            ])
        }
        out.append(Self.section("Cart abandonment", summary + "\n" + byDay.render()))
        for (title, groups) in [
            ("category", a.topCategories), ("brand", a.topBrands), ("product_id", a.topProducts(t)),
        ] {
            var table = TextTable([
                .init(title, .left), .init("carted"), .init("abandoned"), .init("rate"), .init("value"),
            ])
            for grp in groups.prefix(t) {
                table.add([
                    grp.label, g(grp.tally.cartedPairs), g(grp.tally.abandonedPairs), pct(grp.tally.rate),
                    money(grp.tally.abandonedValueCents),
                ])
            }
            out.append(Self.section("Abandoned carts by \(title) (top \(t) by value)", table.render()))
        }

        let metric = i.categories.metric
        var cats = TextTable([
            .init("category", .left), .init("views"), .init("carts"), .init("purchases"),
            .init("revenue"), .init("peak hour"), .init("peak day"),
        ])
        for c in i.categories.categories.prefix(t) {
            let peakHour = Self.peak(c.byHour, metric)
            let peakDay = Self.peak(c.byWeekday, metric)
            cats.add([
                c.label, g(c.total.views), g(c.total.carts), g(c.total.purchases), money(c.total.revenueCents),
                format2(peakHour) + ":00", Self.weekdays[peakDay],
            ])
        }
        out.append(Self.section("Top categories by \(metric.rawValue) (top \(t))", cats.render()))
        let columns = Array(i.categories.categories.prefix(min(t, 5)))
        if !columns.isEmpty {
            var byHour = TextTable([.init("hour", .left)] + columns.map { .init($0.label) })
            for h in 0..<24 {
                byHour.add([format2(h) + ":00"] + columns.map { g(Int($0.byHour[h].value(metric))) })
            }
            out.append(Self.section("Top categories by hour of day (UTC, \(metric.rawValue))", byHour.render()))
            var byWeekday = TextTable([.init("weekday", .left)] + columns.map { .init($0.label) })
            for w in 0..<7 {
                byWeekday.add([Self.weekdays[w]] + columns.map { g(Int($0.byWeekday[w].value(metric))) })
            }
            out.append(Self.section("Top categories by day of week (UTC, \(metric.rawValue))", byWeekday.render()))
        }

        let b = i.brands
        var brands = TextTable([
            .init("brand", .left), .init("views"), .init("carts"), .init("purch"), .init("revenue"),
            .init("visitors"), .init("buyers"), .init("conv"), .init("cart"),
        ])
        for br in b.brands.prefix(t) {
            brands.add([
                br.label, g(br.counts.views), g(br.counts.carts), g(br.counts.purchases),
                money(br.counts.revenueCents), g(br.visitors), g(br.buyers), pct(br.conversion), pct(br.cartRate),
            ])
        }
        out.append(Self.section("Brands by views (top \(t))", brands.render()))
        var rule = "Rule: among \(g(b.eligibleBrands)) brands with at least \(g(b.minViews)) views, a brand is\n"
        rule += "under-exposed when conversion ≥ median \(pct(b.medianConversion)) and visitors ≤ median "
        rule += "\(NumberFormat.plainNumber(b.medianVisitors)).\n"
        var under = TextTable([
            .init("brand", .left), .init("views"), .init("visitors"), .init("conv"), .init("revenue"),
            .init("opportunity"),
        ])
        for br in b.underExposed.prefix(t) {
            under.add([
                br.label, g(br.counts.views), g(br.visitors), pct(br.conversion), money(br.counts.revenueCents),
                money(br.opportunityCents),
            ])
        }
        let body = b.underExposed.isEmpty ? rule + "\nNo brand qualifies.\n" : rule + "\n" + under.render()
        out.append(Self.section("Brands that need more marketing (under-exposed)", body))

        let bursts = i.bursts
        let burstRule = bursts.rule
        var burstText =
            "Rule: per user, events in \(burstRule.windowSeconds)-second windows; more than \(burstRule.activeOver) makes "
        burstText += "the user active,\nmore than \(burstRule.alertOver) raises an alert.\n"
        let peak = bursts.activeUsers.max { $0.users < $1.users }
        burstText += "windows with active users \(g(bursts.activeUsers.count))"
        if let peak { burstText += ", at most \(g(peak.users)) at \(UTCCalendar.isoString(seconds: peak.start))" }
        burstText += "; alerts \(g(bursts.alerts.count))\n"
        var alerts = TextTable([
            .init("user_id", .left), .init("window start (UTC)", .left), .init("events"), .init("views"),
            .init("carts"), .init("removes"), .init("purchases"),
        ])
        for a in bursts.alerts.prefix(t) {
            alerts.add([
                String(a.userId), UTCCalendar.isoString(seconds: a.windowStart), g(a.count), g(a.byType[0]),
                g(a.byType[1]), g(a.byType[2]), g(a.byType[3]),
            ])
        }
        out.append(
            Self.section(
                "Activity bursts (the tutorial's \"possible DDoS\" alert)",
                burstText + (bursts.alerts.isEmpty ? "" : "\n" + alerts.render())))
        if let a = anomalies { out.append(Self.anomalySection(a, top: t)) }
        if let c = comparison { out.append(Self.comparisonSection(c)) }
        return out.joined(separator: "\n")
    }

    /// The anomalous hours, newest last, with the rule that found them.
    private static func anomalySection(_ a: HourlyAnomalies, top: Int) -> String {
        var text = "Rule: an hour is anomalous when its robust score (value − median) ÷ (1.4826 × MAD), over the\n"
        text += "same hour of the day on every day held, is beyond ±\(HourlyAnomalies.threshold) (needs "
        text += "\(HourlyAnomalies.minimumDays) days).\n"
        guard !a.anomalies.isEmpty else { return section("Anomalous hours", text + "\nNo hour stands out.\n") }
        var table = TextTable([
            .init("hour (UTC)", .left), .init("metric", .left), .init("value"), .init("usual"), .init("score"),
        ])
        for x in a.strongest(top) {
            let money = x.metric == .revenue
            table.add([
                UTCCalendar.isoString(seconds: x.hour), x.metric.name,
                money ? NumberFormat.money(cents: x.value) : NumberFormat.grouped(Int(x.value)),
                money
                    ? NumberFormat.money(cents: Int64(x.usual.rounded(.toNearestOrAwayFromZero)))
                    : NumberFormat.plainNumber(x.usual),
                (x.score > 0 ? "▲ " : "▼ ") + NumberFormat.fixed(abs(x.score), decimals: 1),
            ])
        }
        let shown = a.anomalies.count > top ? " (the \(top) strongest of \(a.anomalies.count))" : ""
        return section("Anomalous hours" + shown, text + "\n" + table.render())
    }

    /// The key figures beside the previous period's, with the change as ▲/▼ and a percentage.
    private static func comparisonSection(_ c: PeriodComparison) -> String {
        let g = NumberFormat.grouped
        let pct = NumberFormat.percent
        var table = TextTable([.init("figure", .left), .init("current"), .init("previous"), .init("change")])
        func change(_ a: Double, _ b: Double) -> String {
            guard let d = PeriodComparison.change(a, b) else { return "–" }
            return (d > 0 ? "▲ +" : d < 0 ? "▼ " : "= ") + pct(d)
        }
        let (x, y) = (c.currentKPIs, c.previousKPIs)
        for (name, a, b) in [
            ("events", x.events, y.events), ("visitors", x.visitors, y.visitors), ("sessions", x.sessions, y.sessions),
            ("purchases", x.purchases, y.purchases),
        ] {
            table.add([name, g(a), g(b), change(Double(a), Double(b))])
        }
        table.add([
            "revenue", NumberFormat.money(cents: x.revenueCents), NumberFormat.money(cents: y.revenueCents),
            change(Double(x.revenueCents), Double(y.revenueCents)),
        ])
        table.add(["conversion", pct(x.conversion), pct(y.conversion), change(x.conversion, y.conversion)])
        table.add([
            "abandonment rate", pct(x.abandonmentRate), pct(y.abandonmentRate),
            change(x.abandonmentRate, y.abandonmentRate),
        ])
        let span = { (w: TimeWindow) in
            UTCCalendar.isoString(seconds: w.from!) + " → " + UTCCalendar.isoString(seconds: w.to!)
        }
        return section(
            "Compared with the period before (\(span(c.current)) vs \(span(c.previous)))", table.render())
    }

    static let weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

    private static func section(_ title: String, _ body: String) -> String {
        title + "\n" + String(repeating: "═", count: min(80, title.count)) + "\n" + body
    }

    private static func peak(_ cells: [ActivityCounts], _ metric: ActivityMetric) -> Int {
        var best = 0
        for k in cells.indices where cells[k].value(metric) > cells[best].value(metric) { best = k }
        return best
    }
}

private func format2(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
