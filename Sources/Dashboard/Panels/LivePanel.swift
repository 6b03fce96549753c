import Engine
import Report

/// What is arriving now: events per second by type over the last two minutes of event time,
/// the ingest rate, rows and rejects.
enum LivePanel: DashboardPanel {
    static let title = "Live"
    static let exportSection = CSVSection.alerts

    static func listCount(_ ctx: PanelContext) -> Int { listedAlerts(ctx.data, ctx.feed).count }

    static func drill(_ ctx: PanelContext, row: Int) -> PanelDrill? {
        let alerts = listedAlerts(ctx.data, ctx.feed)
        return row < alerts.count ? .user(alerts[row].userId) : nil
    }

    static func draw(_ ctx: PanelContext, in r: Rect, on canvas: inout Canvas) {
        let recent = ctx.data.recent
        let rows = Layout.vertical([.length(11), .min(8)]).split(r)
        let (charts, lower) = (rows[0], rows[1])
        let columns = Layout.horizontal([.percentage(45), .fill(1)]).split(lower)
        let (info, burstsRect) = (columns[0], columns[1])
        drawBursts(ctx, in: burstsRect, on: &canvas)
        let box = Box.draw(
            "Events per second by type (last 2 minutes of event time)", in: charts, on: &canvas,
            glyphs: ctx.glyphs)
        let types: [(EventType, StyleRole)] = [
            (.view, .chart), (.cart, .chartAlt), (.removeFromCart, .warning), (.purchase, .chartThird),
        ]
        // A time axis on the box's last row when the four charts still get a row each.
        let withAxis = box.height >= types.count + 1
        let (axisRow, chartArea) = withAxis ? box.splitBottom(1) : (Rect(x: 0, y: 0, width: 0, height: 0), box)
        let bands = chartArea.rows(types.count, gap: 0)
        ChartAxis.drawTime(of: recent, in: axisRow, margin: 18, on: &canvas, glyphs: ctx.glyphs)
        for (i, (type, role)) in types.enumerated() where bands[i].height > 0 {
            let values = recent.byType.isEmpty ? [] : recent.byType[Int(type.rawValue)]
            let last = values.last ?? 0
            canvas.text(type.name, x: bands[i].x, y: bands[i].y, style: Style(.dim), maxWidth: 17)
            if bands[i].height > 1 {
                canvas.text(
                    "\(ctx.g(last))/s  max \(ctx.g(values.max() ?? 0))", x: bands[i].x, y: bands[i].y + 1,
                    style: Style(.dim), maxWidth: 17)
            }
            Sparkline(values.map(Double.init), style: Style(role)).draw(
                in: Rect(
                    x: bands[i].x + 18, y: bands[i].y, width: bands[i].width - 18,
                    height: bands[i].height),
                on: &canvas, glyphs: ctx.glyphs)
        }
        let f = ctx.feed
        // Labels of 14 columns, or 8 on a narrow screen, so the figures keep their room.
        let wide = info.width - 2 >= 48
        func line(_ label: String, _ short: String, _ value: String) -> String {
            (wide ? label : short).padding(toLength: wide ? 14 : 8) + value
        }
        let latest = ctx.data.rows > 0 ? UTCCalendar.datasetString(seconds: ctx.data.latest) : "—"
        var lines = [
            line("source", "source", f.source),
            line("rows", "rows", "\(ctx.g(f.rows))    rejected \(ctx.g(f.rejected))"),
            line("ingest rate", "rate", "\(ctx.g(Int(f.rowsPerSecond))) rows/s")
                + (f.loading ? "   loading \(ctx.pct(f.fraction))" : ""),
            line("latest event", "latest", wide ? latest : latest.replacingOccurrences(of: " UTC", with: "")),
            line(
                "refresh", "refresh",
                "\(Int(ctx.data.computeSeconds * 1000)) ms per update · \(ctx.g(ctx.data.rows)) rows held"),
        ]
        if let s = f.speed {
            let note = f.speedObserved ? "(measured from the records arriving)" : "(+/- to change)"
            lines.insert(
                line("replay speed", "speed", "\(NumberFormat.fixed(s, decimals: 0))× event time \(note)"), at: 1)
        }
        if ctx.state.paused { lines.append("paused: figures frozen (p resumes); rows still arrive") }
        if !f.shardLag.isEmpty {
            lines.append(
                line(
                    "shard lag", "lag",
                    f.shardLag.map { l in
                        "\(l.shard): \(ctx.g(Int(l.records))) rec"
                            + (l.records > 0 ? " \(NumberFormat.fixed(l.seconds, decimals: 1)) s" : "")
                    }.joined(separator: " · ")))
        }
        // Below the feed, when there is room, the anomalous hours (newest first).
        let (feedRect, anomalyRect) =
            info.height >= lines.count + 5
            ? info.splitTop(lines.count + 2) : (info, Rect(x: 0, y: 0, width: 0, height: 0))
        let inner = Box.draw("Feed", in: feedRect, on: &canvas, glyphs: ctx.glyphs)
        drawAnomalies(ctx, in: anomalyRect, on: &canvas)
        for (i, line) in lines.prefix(inner.height).enumerated() {
            canvas.text(
                line, x: inner.x, y: inner.y + i, style: Style(i == 0 ? .accent : .normal), maxWidth: inner.width)
        }
    }

    /// The hours the anomaly rule flags, newest first, one a line: hour, metric, value, usual, score.
    static func drawAnomalies(_ ctx: PanelContext, in r: Rect, on canvas: inout Canvas) {
        guard r.height >= 3 else { return }
        let found = ctx.data.anomalies.anomalies
        let title = Canvas.fitting(
            [
                "Anomalous hours (\(ctx.g(found.count)); |robust score| > \(HourlyAnomalies.threshold))",
                "Anomalous hours (\(ctx.g(found.count)))",
            ], width: r.width - 4)
        let inner = Box.draw(title, in: r, on: &canvas, glyphs: ctx.glyphs)
        guard !found.isEmpty else {
            canvas.text(
                "no hour stands out from its usual level", x: inner.x, y: inner.y, style: Style(.dim),
                maxWidth: inner.width)
            return
        }
        for (i, a) in found.reversed().prefix(inner.height).enumerated() {
            let money = a.metric == .revenue
            let value = money ? ctx.money(a.value) : ctx.g(Int(a.value))
            let usual =
                money ? ctx.money(Int64(a.usual.rounded(.toNearestOrAwayFromZero))) : NumberFormat.plainNumber(a.usual)
            // "10-15 14h ▲189.3 events 6,920 usual 324": the score before the figures, which may be cut.
            let hour = UTCCalendar.isoString(seconds: a.hour).dropFirst(5).prefix(8).replacingOccurrences(
                of: "T", with: " ")
            let score = (a.score > 0 ? "▲" : "▼") + NumberFormat.fixed(abs(a.score), decimals: 1)
            let line =
                hour + "h " + score.padding(toLength: 6) + a.metric.name.padding(toLength: 9) + value + " usual "
                + usual
            canvas.text(
                line, x: inner.x, y: inner.y + i, style: Style(a.score > 0 ? .warning : .negative),
                maxWidth: inner.width)
        }
    }

    /// The alerts the panel lists, newest first: on arrival or txn time the feed's, otherwise the
    /// insight's. Enter opens the selected one of this same list.
    static func listedAlerts(_ data: DashboardData, _ feed: FeedStatus) -> [BurstAlert] {
        Array((feed.feedBursts?.alerts ?? data.insights.bursts.alerts).reversed())
    }

    /// Active users per window and the alerts, newest first; Enter shows the user's events.
    static func drawBursts(_ ctx: PanelContext, in r: Rect, on canvas: inout Canvas) {
        let b = ctx.data.insights.bursts
        let rule = b.rule
        let onFeed = ctx.feed.feedBursts
        let activeSeries = onFeed.map { $0.activeUsers } ?? b.activeUsers.map(\.users)
        let activeStarts = onFeed.map { $0.windowStarts } ?? b.activeUsers.map(\.start)
        let clock = onFeed.map { " of " + $0.clock.name } ?? ""
        let title = Canvas.fitting(
            [
                "Bursts: more than \(rule.alertOver) events in \(rule.windowSeconds) s\(clock) (possible DDoS)",
                "Bursts: > \(rule.alertOver) events in \(rule.windowSeconds) s\(clock)",
            ], width: r.width - 4)
        let inner = Box.draw(title, in: r, on: &canvas, glyphs: ctx.glyphs)
        guard inner.height > 3 else { return }
        let recent = activeSeries.suffix(inner.width)
        let peak = ctx.g(recent.max() ?? 0)
        canvas.text(
            Canvas.fitting(
                [
                    "active users per window (more than \(rule.activeOver) events), peak \(peak)",
                    "active users (> \(rule.activeOver) events a window), peak \(peak)",
                ], width: inner.width),
            x: inner.x, y: inner.y, style: Style(.dim), maxWidth: inner.width)
        Sparkline(recent.map { Double($0) }, style: Style(.chartThird)).draw(
            in: Rect(x: inner.x, y: inner.y + 1, width: inner.width, height: 2), on: &canvas, glyphs: ctx.glyphs)
        // Only windows with active users are drawn, side by side: the axis names each column's
        // window start (HH:MM:SS UTC), when there is room for it and the list below.
        let withAxis = inner.height > 5 && activeStarts.count == activeSeries.count
        if withAxis {
            let starts = Array(activeStarts.suffix(recent.count))
            ChartAxis(count: starts.count) { values in
                String(UTCCalendar.isoString(seconds: starts[values.lowerBound]).dropFirst(11).prefix(8))
            }.draw(in: Rect(x: inner.x, y: inner.y + 3, width: inner.width, height: 1), on: &canvas, glyphs: ctx.glyphs)
        }
        var late = ""
        if ctx.feed.lateEvents > 0 { late = " · \(ctx.g(ctx.feed.lateEvents)) late events" }
        let alerts = listedAlerts(ctx.data, ctx.feed)
        let top = withAxis ? 4 : 3
        let tableRect = Rect(x: inner.x, y: inner.y + top, width: inner.width, height: inner.height - top)
        if alerts.isEmpty {
            canvas.text(
                "no alert yet" + late, x: tableRect.x, y: tableRect.y, style: Style(.dim), maxWidth: tableRect.width)
            return
        }
        var table = TableView(
            columns: [
                .init("user", width: 10, left: true), .init("window (UTC)", width: 19, left: true),
                .init("events", width: 6), .init("v/c/r/p", width: 11),
            ],
            rows: alerts.map { a in
                [
                    String(a.userId),
                    UTCCalendar.datasetString(seconds: a.windowStart).replacingOccurrences(of: " UTC", with: ""),
                    ctx.g(a.count), a.byType.map(String.init).joined(separator: "/"),
                ]
            })
        table.selected = min(ctx.state.selected, alerts.count - 1)
        table.marked = Set(alerts.indices)
        table.draw(in: tableRect, on: &canvas, glyphs: ctx.glyphs)
        if !late.isEmpty, tableRect.height > alerts.count + 1 {
            canvas.text(
                String(late.dropFirst(3)), x: tableRect.x, y: tableRect.maxY - 1, style: Style(.warning),
                maxWidth: tableRect.width)
        }
    }
}
