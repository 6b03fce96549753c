import Engine
import Report

/// Top categories as a heat map by hour of day or by weekday, and their figures.
enum CategoriesPanel: DashboardPanel {
    static let title = "Categories"
    static let shortTitle = "Categ."
    static let exportSection = CSVSection.categoriesByHour

    static func listCount(_ ctx: PanelContext) -> Int { ctx.data.insights.categories.categories.count }

    static func drill(_ ctx: PanelContext, row: Int) -> PanelDrill? {
        let list = ctx.data.insights.categories.categories
        return row < list.count ? .category(list[row].label) : nil
    }

    static let weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

    static func draw(_ ctx: PanelContext, in r: Rect, on canvas: inout Canvas) {
        let categories = ctx.data.insights.categories.categories
        let metric = ctx.state.metric
        let rows = Layout.vertical([.fill(1), .length(max(6, r.height * 2 / 5))]).split(r)
        let (mapRect, tableRect) = (rows[0], rows[1])
        let axis = ctx.state.byWeekday ? "weekday" : "hour of day"
        let level = ctx.state.level.map { "level \($0)" } ?? "full codes"
        let title = "Top categories by \(axis) (UTC) · \(metric.rawValue) · \(level)"
        let inner = Box.draw(title, in: mapRect, on: &canvas, glyphs: ctx.glyphs)
        let shown = Array(categories.prefix(max(0, inner.height - 2)))
        let columns = ctx.state.byWeekday ? weekdays : (0..<24).map { $0 % 3 == 0 ? String($0) : "" }
        var heat = Heatmap(
            rowLabels: shown.map(\.label), columnLabels: columns,
            values: shown.map { c in (ctx.state.byWeekday ? c.byWeekday : c.byHour).map { Double($0.value(metric)) } })
        heat.selectedRow = ctx.state.selected < shown.count ? ctx.state.selected : nil
        heat.draw(in: inner, on: &canvas, glyphs: ctx.glyphs)
        let box = Box.draw(
            "Categories ranked by \(metric.rawValue) · Enter filters on the selected one", in: tableRect,
            on: &canvas, glyphs: ctx.glyphs)
        var table = TableView(
            columns: [
                .init("category", width: 20, left: true), .init("events", width: 10), .init("views", width: 10),
                .init("carts", width: 8), .init("purchases", width: 9), .init("revenue", width: 13),
            ],
            rows: categories.map { c in
                [
                    c.label, ctx.g(c.total.events), ctx.g(c.total.views), ctx.g(c.total.carts),
                    ctx.g(c.total.purchases),
                    ctx.money(c.total.revenueCents),
                ]
            })
        table.selected = min(ctx.state.selected, max(0, categories.count - 1))
        table.draw(in: box, on: &canvas, glyphs: ctx.glyphs)
    }
}
