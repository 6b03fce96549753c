import Engine

extension ReportDocument {
    /// The report as one self-contained HTML page: the key figures as tiles (with the change when
    /// `--compare` was given), an inline SVG chart for each section, and its tables. No script, no
    /// font, no stylesheet or image from elsewhere: it opens offline and prints as it shows.
    public var html: String {
        let i = insights
        let g = NumberFormat.grouped
        let money = NumberFormat.money(cents:)
        let pct = NumberFormat.percent
        let t = top ?? Self.defaultTableTop
        var body = "<h1>ecomdash report</h1><p class=\"source\">"
        body += HTML.escape(source.inputs.joined(separator: ", ")) + " · \(g(source.rows)) rows"
        if source.rejected > 0 { body += " · \(g(source.rejected)) rejected" }
        body += " · window " + HTML.escape(source.window.from.map(UTCCalendar.isoString) ?? "start") + " → "
        body += HTML.escape(source.window.to.map(UTCCalendar.isoString) ?? "end") + "</p>"

        // With --compare the tiles are the compared period's, beside the period before it.
        if let k = comparison?.currentKPIs ?? kpis {
            var heading = "Key figures"
            if let c = comparison {
                heading += ", " + UTCCalendar.isoString(seconds: c.current.from!) + " → "
                heading += UTCCalendar.isoString(seconds: c.current.to!)
            }
            body += "<section><h2>\(HTML.escape(heading))</h2><div class=\"tiles\">"
            let previous = comparison?.previousKPIs
            func tile(_ name: String, _ text: String, _ value: Double, _ before: Double?) -> String {
                var s =
                    "<div class=\"tile\"><div class=\"name\">\(name)</div><div class=\"value\">\(HTML.escape(text))</div>"
                if let before, let d = PeriodComparison.change(value, before) {
                    s += "<div class=\"\(d >= 0 ? "up" : "down")\">\(d >= 0 ? "▲ +" : "▼ ")\(pct(d))</div>"
                }
                return s + "</div>"
            }
            body += tile("events", g(k.events), Double(k.events), previous.map { Double($0.events) })
            body += tile("visitors", g(k.visitors), Double(k.visitors), previous.map { Double($0.visitors) })
            body += tile("sessions", g(k.sessions), Double(k.sessions), previous.map { Double($0.sessions) })
            body += tile("purchases", g(k.purchases), Double(k.purchases), previous.map { Double($0.purchases) })
            body += tile(
                "revenue", money(k.revenueCents), Double(k.revenueCents), previous.map { Double($0.revenueCents) })
            body += tile("conversion", pct(k.conversion), k.conversion, previous?.conversion)
            body += tile("abandonment", pct(k.abandonmentRate), k.abandonmentRate, previous?.abandonmentRate)
            body += "</div>"
            if let c = comparison {
                body += "<p class=\"note\">Change against "
                body += HTML.escape(UTCCalendar.isoString(seconds: c.previous.from!)) + " → "
                body += HTML.escape(UTCCalendar.isoString(seconds: c.previous.to!)) + "</p>"
            }
            body += "</section>"
        }

        let days = i.visitors.days
        body += "<section><h2>Unique visitors per day</h2>"
        body += SVGChart.bars(
            days.map { Double($0.visitors) }, labels: days.map { String($0.day.dropFirst(5)) },
            title: "visitors per day", format: { g(Int($0)) })
        body += Self.table(
            ["day", "visitors", "sessions", "events", "purchases", "revenue"],
            days.map {
                [$0.day, g($0.visitors), g($0.sessions), g($0.events), g($0.purchases), money($0.revenueCents)]
            })
        body += "</section>"

        let a = i.abandonment
        body += "<section><h2>Carts not followed by a purchase</h2><p>"
        body += "\(g(a.total.abandonedPairs)) of \(g(a.total.cartedPairs)) carted pairs abandoned ("
        body += pct(a.total.rate) + "), worth " + money(a.total.abandonedValueCents) + "; "
        body += "\(g(a.abandoningUsers)) users abandoned a cart, \(g(a.cartOnlyUsers)) carted and never bought.</p>"
        body += SVGChart.bars(
            a.byDay.map { $0.tally.rate * 100 }, labels: a.byDay.map { String($0.day.dropFirst(5)) },
            title: "abandonment rate by day of first cart", format: { String(format: "%.0f%%", $0) })
        for (title, groups) in [
            ("category", a.topCategories), ("brand", a.topBrands), ("product_id", a.topProducts(t)),
        ] {
            body += "<h3>Abandoned carts by \(title) (top \(t) by value)</h3>"
            body += Self.table(
                [title, "carted", "abandoned", "rate", "value"],
                groups.prefix(t).map {
                    [
                        $0.label, g($0.tally.cartedPairs), g($0.tally.abandonedPairs), pct($0.tally.rate),
                        money($0.tally.abandonedValueCents),
                    ]
                })
        }
        body += "</section>"

        let metric = i.categories.metric
        let ranked = Array(i.categories.categories.prefix(t))
        func value(_ c: ActivityCounts) -> Double {
            metric == .revenue ? Double(c.revenueCents) / 100 : Double(c.value(metric))
        }
        body += "<section><h2>Top categories by hour of day (UTC, \(metric.rawValue))</h2>"
        body += SVGChart.heatmap(
            ranked.map { ($0.label, $0.byHour.map(value)) }, columns: (0..<24).map { String($0) },
            title: "categories by hour")
        body += "<h2>Top categories by day of week (UTC, \(metric.rawValue))</h2>"
        body += SVGChart.heatmap(
            ranked.map { ($0.label, $0.byWeekday.map(value)) }, columns: Self.weekdays, title: "categories by weekday")
        body += "</section>"

        // The chart compares brands: rows without one, `(none)`, are not a brand to market.
        let brands = Array(i.brands.brands.lazy.filter { $0.label != EventSchema.noneLabel }.prefix(t))
        body += "<section><h2>Brands that need more marketing</h2>"
        body += SVGChart.bars(
            brands.map { $0.conversion * 100 }, labels: brands.map(\.label), title: "conversion of the top brands",
            format: { String(format: "%.1f%%", $0) })
        body += "<p>Under-exposed: conversion at or above the median \(pct(i.brands.medianConversion)) and "
        body += "visitors at or below the median \(NumberFormat.plainNumber(i.brands.medianVisitors)), among "
        body += "\(g(i.brands.eligibleBrands)) brands with at least \(g(i.brands.minViews)) views.</p>"
        body += Self.table(
            ["brand", "views", "carts", "purchases", "revenue", "visitors", "conversion", "opportunity"],
            i.brands.underExposed.prefix(t).map {
                [
                    $0.label, g($0.counts.views), g($0.counts.carts), g($0.counts.purchases),
                    money($0.counts.revenueCents),
                    g($0.visitors), pct($0.conversion), money($0.opportunityCents),
                ]
            })
        body += "</section>"

        let bursts = i.bursts
        body += "<section><h2>Activity bursts (possible DDoS)</h2>"
        body += "<p>More than \(bursts.rule.alertOver) events in \(bursts.rule.windowSeconds) s: "
        body += "\(g(bursts.alerts.count)) alert(s).</p>"
        let active = bursts.activeUsers.suffix(120)
        body += SVGChart.bars(
            active.map { Double($0.users) },
            labels: active.map { String(UTCCalendar.isoString(seconds: $0.start).dropFirst(11).prefix(8)) },
            title: "active users per window", format: { g(Int($0)) })
        body += Self.table(
            ["user_id", "window start", "events"],
            bursts.alerts.prefix(t).map {
                [String($0.userId), UTCCalendar.isoString(seconds: $0.windowStart), g($0.count)]
            })
        body += "</section>"

        if let anomalies {
            let list = anomalies.strongest(t)
            body += "<section><h2>Anomalous hours</h2><p>An hour is anomalous when its robust score "
            body += "(value − median) ÷ (1.4826 × MAD), against the same hour of the day on every day held, is "
            body += "beyond ±\(HourlyAnomalies.threshold): \(g(anomalies.anomalies.count)) found.</p>"
            if list.isEmpty { body += "<p class=\"note\">No hour stands out.</p>" }
            if !list.isEmpty {
                body += SVGChart.bars(
                    list.map { abs($0.score) },
                    labels: list.map { String(UTCCalendar.isoString(seconds: $0.hour).dropFirst(5).prefix(11)) },
                    title: "distance from the usual level (robust score)", format: { String(format: "%.1f", $0) })
            }
            body += Self.table(
                ["hour (UTC)", "metric", "value", "usual", "score"],
                list.map { x in
                    let money = x.metric == .revenue
                    return [
                        UTCCalendar.isoString(seconds: x.hour), x.metric.name,
                        money ? NumberFormat.money(cents: x.value) : g(Int(x.value)),
                        money
                            ? NumberFormat.money(cents: Int64(x.usual.rounded(.toNearestOrAwayFromZero)))
                            : NumberFormat.plainNumber(x.usual),
                        (x.score > 0 ? "▲ " : "▼ ") + NumberFormat.fixed(abs(x.score), decimals: 1),
                    ]
                })
            body += "</section>"
        }

        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>ecomdash report</title>
            <style>\(Self.style)</style></head>
            <body>\(body)</body></html>

            """
    }

    private static func table(_ header: [String], _ rows: [[String]]) -> String {
        guard !rows.isEmpty else { return "<p class=\"note\">none</p>" }
        var s = "<table><thead><tr>" + header.map { "<th>\(HTML.escape($0))</th>" }.joined() + "</tr></thead><tbody>"
        for r in rows {
            s +=
                "<tr>"
                + r.enumerated().map { "<td\($0.offset == 0 ? "" : " class=\"n\"")>\(HTML.escape($0.element))</td>" }
                .joined() + "</tr>"
        }
        return s + "</tbody></table>"
    }

    private static let style = """
        body{font:14px/1.4 system-ui,sans-serif;margin:24px auto;max-width:980px;color:#1d2330}
        h1{font-size:22px}h2{font-size:17px;margin-top:28px}h3{font-size:14px}
        .source,.note{color:#5b6477}
        .tiles{display:flex;flex-wrap:wrap;gap:10px}
        .tile{border:1px solid #d5dae3;border-radius:6px;padding:8px 12px;min-width:110px}
        .tile .name{color:#5b6477;font-size:12px}.tile .value{font-size:20px;font-weight:600}
        .up{color:#1a7f37}.down{color:#b42318}
        table{border-collapse:collapse;margin:8px 0}th,td{padding:2px 10px;border-bottom:1px solid #e6e9ef}
        th{text-align:left}td.n{text-align:right;font-variant-numeric:tabular-nums}
        svg{display:block;margin:8px 0}.grid{stroke:#e6e9ef}.axis{font-size:10px;fill:#5b6477}
        .bar{fill:#3b6fd8}.heat{fill:#b4451f}
        """
}
