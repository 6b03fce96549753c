import Engine
import Report

/// Cart abandonment: the rate and value over time, and what is left in carts.
enum AbandonmentPanel: DashboardPanel {
    static let title = "Cart abandonment"
    static let shortTitle = "Carts"
    static let exportSection = CSVSection.abandonedProducts

    /// The products the panel lists: a month has about 100,000 with an abandoned pair; ranking
    /// only the first ones keeps a followed stream's refresh short.
    static let listedProducts = 200

    static func listCount(_ ctx: PanelContext) -> Int {
        min(ctx.data.insights.abandonment.abandonedProducts.count, listedProducts)
    }

    static func draw(_ ctx: PanelContext, in r: Rect, on canvas: inout Canvas) {
        let a = ctx.data.insights.abandonment
        let rows = Layout.vertical([.length(5), .length(7), .fill(1)]).split(r)
        let (kpis, trend, tables) = (rows[0], rows[1], rows[2])
        let inner = Box.draw("Carts not followed by a purchase", in: kpis, on: &canvas, glyphs: ctx.glyphs)
        let tiles: [KPITile] = [
            KPITile("carted pairs", ctx.g(a.total.cartedPairs), shortTitle: "carted"),
            KPITile("abandoned", ctx.g(a.total.abandonedPairs)), KPITile("rate", ctx.pct(a.total.rate)),
            KPITile("abandoned value", ctx.money(a.total.abandonedValueCents), shortTitle: "value"),
            KPITile("users abandoning", ctx.g(a.abandoningUsers), shortTitle: "abandoners"),
            KPITile("cart-only users", ctx.g(a.cartOnlyUsers), shortTitle: "cart-only"),
        ]
        for (i, cell) in inner.columns(tiles.count, gap: 2).enumerated() {
            tiles[i].draw(in: cell, on: &canvas, glyphs: ctx.glyphs)
        }
        let t = Box.draw("By day of first cart (UTC)", in: trend, on: &canvas, glyphs: ctx.glyphs)
        let (axisRow, charts) = t.splitBottom(1)
        let halves = charts.rows(2)
        let rates = a.byDay.map { $0.tally.rate }
        let values = a.byDay.map { $0.tally.abandonedValueCents }
        for (k, (title, peak)) in [
            ("rate", ctx.pct(rates.max() ?? 0)), ("abandoned value", ctx.money(values.max() ?? 0)),
        ].enumerated() where k < halves.count && halves[k].height > 0 {
            canvas.text(title, x: halves[k].x, y: halves[k].y, style: Style(.dim), maxWidth: 16)
            if halves[k].height > 1 {
                canvas.text("peak " + peak, x: halves[k].x, y: halves[k].y + 1, style: Style(.dim), maxWidth: 16)
            }
        }
        func chartRect(_ r: Rect) -> Rect { Rect(x: r.x + 17, y: r.y, width: max(0, r.width - 17), height: r.height) }
        Sparkline(rates, style: Style(.negative)).draw(in: chartRect(halves[0]), on: &canvas, glyphs: ctx.glyphs)
        Sparkline(values.map(Double.init), style: Style(.chartAlt)).draw(
            in: chartRect(halves[1]), on: &canvas, glyphs: ctx.glyphs)
        let axis = chartRect(axisRow)
        ChartAxis(count: a.byDay.count, label: ChartAxis.dayLabels(a.byDay.map(\.day), width: axis.width)).draw(
            in: axis, on: &canvas, glyphs: ctx.glyphs)
        let columns = tables.columns(3, gap: 1)
        let groups: [(String, String, [CartAbandonment.Group])] = [
            ("Top products", "product_id", a.topProducts(listedProducts)),
            ("Top categories", "category", a.topCategories),
            ("Top brands", "brand", a.topBrands),
        ]
        for (i, (title, label, list)) in groups.enumerated() {
            let box = Box.draw(title + " by abandoned value", in: columns[i], on: &canvas, glyphs: ctx.glyphs)
            var table = TableView(
                columns: [.init(label, width: 10, left: true), .init("pairs", width: 6), .init("value", width: 11)],
                rows: list.prefix(listedProducts).map {
                    [$0.label, ctx.g($0.tally.abandonedPairs), ctx.money($0.tally.abandonedValueCents)]
                })
            table.selected = i == 0 ? min(ctx.state.selected, max(0, list.count - 1)) : nil
            table.draw(in: box, on: &canvas, glyphs: ctx.glyphs)
        }
    }
}
