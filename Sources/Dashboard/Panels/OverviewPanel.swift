import Engine

/// Key figures, activity over time and the event mix.
enum OverviewPanel {
    static func draw(_ ctx: PanelContext, in r: Rect, on canvas: inout Canvas) {
        let d = ctx.data
        let tiles: [(String, String)] = [
            ("events", ctx.g(d.events)), ("visitors", ctx.g(d.visitors)), ("sessions", ctx.g(d.sessions)),
            ("purchases", ctx.g(d.purchases)), ("revenue", ctx.money(d.revenueCents)),
            ("conversion", ctx.pct(d.conversion)), ("abandonment", ctx.pct(d.insights.abandonment.total.rate)),
        ]
        let perRow = r.width >= 100 ? 7 : 4
        let tileRows = (tiles.count + perRow - 1) / perRow
        let (kpis, rest) = r.splitTop(tileRows * 3 + 2)
        let inner = Box.draw("Key figures", in: kpis, on: &canvas, glyphs: ctx.glyphs)
        for (row, band) in inner.rows(tileRows).enumerated() {
            let slice = Array(tiles.dropFirst(row * perRow).prefix(perRow))
            for (i, cell) in band.columns(perRow, gap: 2).enumerated() where i < slice.count {
                KPITile.draw(title: slice[i].0, value: slice[i].1, in: cell.inset(0), on: &canvas)
            }
        }
        let (mix, charts) = rest.splitBottom(min(6, rest.height / 3))
        let series = d.hourly
        let lines: [(String, [Double], String, StyleRole)] = [
            ("events / hour", series.events.map(Double.init), ctx.g(series.events.max() ?? 0), .chart),
            ("visitors / hour", series.visitors.map(Double.init), ctx.g(series.visitors.max() ?? 0), .chartThird),
            (
                "revenue / hour", series.revenueCents.map(Double.init), ctx.money(series.revenueCents.max() ?? 0),
                .chartAlt
            ),
        ]
        let box = Box.draw("Activity over time (UTC, by hour)", in: charts, on: &canvas, glyphs: ctx.glyphs)
        // The three charts share one time axis, on the box's last row when there is room for it.
        let withAxis = box.height >= lines.count * 2 + 1
        let (axisRow, chartArea) = withAxis ? box.splitBottom(1) : (Rect(x: 0, y: 0, width: 0, height: 0), box)
        let bands = chartArea.rows(lines.count, gap: withAxis ? 0 : 1)
        for (i, line) in lines.enumerated() where i < bands.count && bands[i].height > 0 {
            let band = bands[i]
            canvas.text(line.0, x: band.x, y: band.y, style: Style(.dim), maxWidth: 16)
            if band.height > 1 {
                canvas.text("peak " + line.2, x: band.x, y: band.y + 1, style: Style(.dim), maxWidth: 16)
            }
            Sparkline.draw(
                line.1, in: Rect(x: band.x + 17, y: band.y, width: band.width - 17, height: band.height),
                on: &canvas, glyphs: ctx.glyphs, style: Style(line.3))
        }
        let axis = Rect(x: axisRow.x + 17, y: axisRow.y, width: max(0, axisRow.width - 17), height: axisRow.height)
        ChartAxis.draw(
            count: series.count,
            label: ChartAxis.timeLabels(
                start: series.start, bucketSeconds: series.bucketSeconds, count: series.count, width: axis.width),
            in: axis, on: &canvas)
        let mixInner = Box.draw("Event mix", in: mix, on: &canvas, glyphs: ctx.glyphs)
        let total = max(1, d.events)
        let bars = EventType.allCases.map { t in
            let n = d.eventsByType[Int(t.rawValue)]
            return BarChart.Bar(t.name, Double(n), "\(ctx.g(n))  \(ctx.pct(Double(n) / Double(total)))")
        }
        BarChart.draw(bars, in: mixInner, on: &canvas, glyphs: ctx.glyphs)
    }
}
