import Engine

/// Cart abandonment: the rate and value over time, and what is left in carts.
enum AbandonmentPanel {
    static func draw(_ ctx: PanelContext, in r: Rect, on canvas: inout Canvas) {
        let a = ctx.data.insights.abandonment
        let (kpis, rest) = r.splitTop(5)
        let inner = Box.draw("Carts not followed by a purchase", in: kpis, on: &canvas, glyphs: ctx.glyphs)
        let tiles: [(String, String)] = [
            ("carted pairs", ctx.g(a.total.cartedPairs)), ("abandoned", ctx.g(a.total.abandonedPairs)),
            ("rate", ctx.pct(a.total.rate)), ("abandoned value", ctx.money(a.total.abandonedValueCents)),
            ("users abandoning", ctx.g(a.abandoningUsers)), ("cart-only users", ctx.g(a.cartOnlyUsers)),
        ]
        for (i, cell) in inner.columns(tiles.count, gap: 2).enumerated() {
            KPITile.draw(title: tiles[i].0, value: tiles[i].1, in: cell, on: &canvas)
        }
        let (trend, tables) = rest.splitTop(6)
        let t = Box.draw(
            "By day of first cart: rate (top), abandoned value (bottom)", in: trend, on: &canvas, glyphs: ctx.glyphs)
        let halves = t.rows(2)
        Sparkline.draw(
            a.byDay.map { $0.tally.rate }, in: halves[0], on: &canvas, glyphs: ctx.glyphs, style: Style(.negative))
        Sparkline.draw(
            a.byDay.map { Double($0.tally.abandonedValueCents) }, in: halves[1], on: &canvas, glyphs: ctx.glyphs,
            style: Style(.chartAlt))
        let columns = tables.columns(3, gap: 1)
        let groups: [(String, String, [CartAbandonment.Group])] = [
            ("Top products", "product_id", a.topProducts), ("Top categories", "category", a.topCategories),
            ("Top brands", "brand", a.topBrands),
        ]
        for (i, (title, label, list)) in groups.enumerated() {
            let box = Box.draw(title + " by abandoned value", in: columns[i], on: &canvas, glyphs: ctx.glyphs)
            var table = TableView(
                columns: [.init(label, width: 10, left: true), .init("pairs", width: 6), .init("value", width: 11)],
                rows: list.prefix(200).map {
                    [$0.label, ctx.g($0.tally.abandonedPairs), ctx.money($0.tally.abandonedValueCents)]
                })
            table.selected = i == 0 ? min(ctx.state.selected, max(0, list.count - 1)) : nil
            table.draw(in: box, on: &canvas, glyphs: ctx.glyphs)
        }
    }
}
