import Engine
import Report

/// Key figures, activity over time and the event mix.
enum OverviewPanel: DashboardPanel {
    static let title = "Overview"
    static let exportSection = CSVSection.visitorsPerDay

    static func draw(_ ctx: PanelContext, in r: Rect, on canvas: inout Canvas) {
        let d = ctx.data
        let tiles: [(String, String, KPITile.Note?)] = [
            ("events", ctx.g(d.events), change(d.comparison, \.events)),
            ("visitors", ctx.g(d.visitors), change(d.comparison, \.visitors)),
            ("sessions", ctx.g(d.sessions), change(d.comparison, \.sessions)),
            ("purchases", ctx.g(d.purchases), change(d.comparison, \.purchases)),
            ("revenue", ctx.money(d.revenueCents), change(d.comparison, \.revenueCents)),
            ("conversion", ctx.pct(d.conversion), change(d.comparison, \.conversion)),
            (
                "abandonment", ctx.pct(d.insights.abandonment.total.rate),
                change(d.comparison, \.abandonmentRate, upIsGood: false)
            ),
        ]
        let perRow = r.width >= 100 ? 7 : 4
        let tileRows = (tiles.count + perRow - 1) / perRow
        // On a low screen a tile loses its blank row, so the charts and the mix keep theirs.
        let tileHeight = r.height >= 24 ? 3 : 2
        let kpiHeight = tileRows * tileHeight + 2
        // The mix: a bar a type when there is room, else its figures on two lines.
        let rest = r.height - kpiHeight
        let mixHeight = rest >= 20 ? 6 : rest >= 8 ? 4 : rest / 3
        let parts = Layout.vertical([.length(kpiHeight), .fill(1), .length(mixHeight)]).split(r)
        let (kpis, charts, mix) = (parts[0], parts[1], parts[2])
        let inner = Box.draw(
            "Key figures" + (d.comparison.map(Self.comparisonTitle) ?? ""), in: kpis, on: &canvas, glyphs: ctx.glyphs)
        for (row, band) in inner.rows(tileRows).enumerated() {
            let slice = Array(tiles.dropFirst(row * perRow).prefix(perRow))
            for (i, cell) in band.columns(perRow, gap: 2).enumerated() where i < slice.count {
                KPITile(slice[i].0, slice[i].1, note: slice[i].2).draw(in: cell, on: &canvas, glyphs: ctx.glyphs)
            }
        }
        let series = d.hourly
        let purchases = series.byType[Int(EventType.purchase.rawValue)]
        // The three metrics the anomaly rule judges; an anomalous hour's column is drawn in the warning role.
        let lines: [(String, [Double], String, StyleRole, HourlyAnomalies.Metric)] = [
            ("events / hour", series.events.map(Double.init), ctx.g(series.events.max() ?? 0), .chart, .events),
            ("purchases / hour", purchases.map(Double.init), ctx.g(purchases.max() ?? 0), .chartThird, .purchases),
            (
                "revenue / hour", series.revenueCents.map(Double.init), ctx.money(series.revenueCents.max() ?? 0),
                .chartAlt, .revenue
            ),
        ]
        let flagged = d.anomalies.anomalies.count
        let title =
            "Activity over time (UTC, by hour)"
            + (flagged > 0 ? " · \(flagged) anomalous hour\(flagged == 1 ? "" : "s") marked" : "")
        let box = Box.draw(title, in: charts, on: &canvas, glyphs: ctx.glyphs)
        // The three charts share one time axis, on the box's last row when there is room for it.
        // A row a chart at the least, then the axis, then a gap between charts when there is room.
        let withAxis = box.height >= lines.count + 1
        let (axisRow, chartArea) = withAxis ? box.splitBottom(1) : (Rect(x: 0, y: 0, width: 0, height: 0), box)
        let bands = chartArea.rows(lines.count, gap: !withAxis && chartArea.height >= lines.count * 2 ? 1 : 0)
        for (i, line) in lines.enumerated() where i < bands.count && bands[i].height > 0 {
            let band = bands[i]
            canvas.text(line.0, x: band.x, y: band.y, style: Style(.dim), maxWidth: 16)
            if band.height > 1 {
                canvas.text("peak " + line.2, x: band.x, y: band.y + 1, style: Style(.dim), maxWidth: 16)
            }
            Sparkline(line.1, style: Style(line.3), marks: d.anomalies.marks(series, line.4)).draw(
                in: Rect(x: band.x + 17, y: band.y, width: band.width - 17, height: band.height), on: &canvas,
                glyphs: ctx.glyphs)
        }
        ChartAxis.drawTime(of: series, in: axisRow, margin: 17, on: &canvas, glyphs: ctx.glyphs)
        let mixInner = Box.draw("Event mix", in: mix, on: &canvas, glyphs: ctx.glyphs)
        let total = max(1, d.events)
        let bars = EventType.allCases.map { t in
            let n = d.eventsByType[Int(t.rawValue)]
            return BarChart.Bar(t.name, Double(n), "\(ctx.g(n))  \(ctx.pct(Double(n) / Double(total)))")
        }
        guard mixInner.height < bars.count else {
            BarChart(bars).draw(in: mixInner, on: &canvas, glyphs: ctx.glyphs)
            return
        }
        // Too low for a bar a type: every type still shows, as text, two or more to a line.
        let perLine = (bars.count + max(1, mixInner.height) - 1) / max(1, mixInner.height)
        for (row, start) in stride(from: 0, to: bars.count, by: perLine).enumerated() where row < mixInner.height {
            let line = bars[start..<min(bars.count, start + perLine)].map { "\($0.label) \($0.text)" }
            canvas.text(
                line.joined(separator: "   "), x: mixInner.x, y: mixInner.y + row, style: Style(.normal),
                maxWidth: mixInner.width)
        }
    }

    /// "▲ +8.04%" in the positive role when the figure moved the good way (abandonment rising is
    /// bad), "=" when unchanged, nothing when the baseline period had none.
    static func change<T: BinaryInteger>(
        _ c: PeriodComparison?, _ k: KeyPath<PeriodKPIs, T>, upIsGood: Bool = true
    )
        -> KPITile.Note?
    {
        guard let c else { return nil }
        return note(Double(c.currentKPIs[keyPath: k]), Double(c.previousKPIs[keyPath: k]), upIsGood: upIsGood)
    }

    static func change(
        _ c: PeriodComparison?, _ k: KeyPath<PeriodKPIs, Double>, upIsGood: Bool = true
    )
        -> KPITile.Note?
    {
        guard let c else { return nil }
        return note(c.currentKPIs[keyPath: k], c.previousKPIs[keyPath: k], upIsGood: upIsGood)
    }

    private static func note(_ current: Double, _ previous: Double, upIsGood: Bool) -> KPITile.Note? {
        guard let d = PeriodComparison.change(current, previous) else { return KPITile.Note("–", .dim) }
        if d == 0 { return KPITile.Note("= 0%", .dim) }
        let text = (d > 0 ? "▲ +" : "▼ ") + NumberFormat.percent(d)
        let short = (d > 0 ? "▲" : "▼") + NumberFormat.fixed(abs(d) * 100, decimals: 0) + "%"
        return KPITile.Note(text, short: short, (d > 0) == upIsGood ? .positive : .negative)
    }

    /// " · change: 10-30 vs 10-29": the two periods the tiles' changes compare (days as MM-DD,
    /// other periods with their start hour).
    static func comparisonTitle(_ c: PeriodComparison) -> String {
        func start(_ w: TimeWindow) -> String {
            let iso = UTCCalendar.isoString(seconds: w.from!)
            let dayAligned = w.from! % 86_400 == 0 && (w.to! - w.from!) % 86_400 == 0
            return dayAligned
                ? String(iso.dropFirst(5).prefix(5))
                : String(iso.dropFirst(5).prefix(11)).replacingOccurrences(of: "T", with: " ")
        }
        return " · change of \(start(c.current)) against \(start(c.previous)) (\(c.baseline.rawValue))"
    }
}
