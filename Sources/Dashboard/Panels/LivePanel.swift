import Engine
import Report

/// What is arriving now: events per second by type over the last two minutes of event time,
/// the ingest rate, rows and rejects.
enum LivePanel {
    static func draw(_ ctx: PanelContext, in r: Rect, on canvas: inout Canvas) {
        let recent = ctx.data.recent
        let (charts, info) = r.splitTop(min(r.height - 6, 14))
        let box = Box.draw(
            "Events per second by type (last 2 minutes of event time)", in: charts, on: &canvas,
            glyphs: ctx.glyphs)
        let types: [(EventType, StyleRole)] = [
            (.view, .chart), (.cart, .chartAlt), (.removeFromCart, .warning), (.purchase, .chartThird),
        ]
        let bands = box.rows(types.count, gap: 0)
        for (i, (type, role)) in types.enumerated() where bands[i].height > 0 {
            let values = recent.byType.isEmpty ? [] : recent.byType[Int(type.rawValue)]
            let last = values.last ?? 0
            canvas.text(type.name, x: bands[i].x, y: bands[i].y, style: Style(.dim), maxWidth: 17)
            if bands[i].height > 1 {
                canvas.text(
                    "\(ctx.g(last))/s  max \(ctx.g(values.max() ?? 0))", x: bands[i].x, y: bands[i].y + 1,
                    style: Style(.dim), maxWidth: 17)
            }
            Sparkline.draw(
                values.map(Double.init),
                in: Rect(
                    x: bands[i].x + 18, y: bands[i].y, width: bands[i].width - 18,
                    height: bands[i].height),
                on: &canvas, glyphs: ctx.glyphs, style: Style(role))
        }
        let inner = Box.draw("Feed", in: info, on: &canvas, glyphs: ctx.glyphs)
        let f = ctx.feed
        var lines = [
            "source        \(f.source)",
            "rows          \(ctx.g(f.rows))    rejected \(ctx.g(f.rejected))",
            "ingest rate   \(ctx.g(Int(f.rowsPerSecond))) rows/s"
                + (f.loading ? "   loading \(ctx.pct(f.fraction))" : ""),
            "latest event  " + (ctx.data.rows > 0 ? UTCCalendar.datasetString(seconds: ctx.data.latest) : "—"),
            "refresh       \(Int(ctx.data.computeSeconds * 1000)) ms to compute every panel from \(ctx.g(ctx.data.rows)) rows",
        ]
        if let s = f.speed {
            let note = f.speedObserved ? "(measured from the records arriving)" : "(+/- to change)"
            lines.insert("replay speed  \(NumberFormat.fixed(s, decimals: 0))× event time \(note)", at: 1)
        }
        if ctx.state.paused { lines.append("paused: figures frozen (p resumes); rows still arrive") }
        if !f.shardLag.isEmpty {
            lines.append(
                "shard lag     "
                    + f.shardLag.map { l in
                        "\(l.shard): \(ctx.g(Int(l.records))) rec"
                            + (l.records > 0 ? " \(NumberFormat.fixed(l.seconds, decimals: 1)) s" : "")
                    }.joined(separator: " · "))
        }
        for (i, line) in lines.prefix(inner.height).enumerated() {
            canvas.text(
                line, x: inner.x, y: inner.y + i, style: Style(i == 0 ? .accent : .normal), maxWidth: inner.width)
        }
    }
}
