import Engine
import Report

/// The brand funnel, sortable by any column, with under-exposed brands marked.
enum BrandsPanel: DashboardPanel {
    static let title = "Brands"
    static let exportSection = CSVSection.brands
    static let sortable = true

    static func listCount(_ ctx: PanelContext) -> Int { ctx.data.insights.brands.brands.count }

    static func drill(_ ctx: PanelContext, row: Int) -> PanelDrill? {
        let list = sorted(ctx)
        return row < list.count ? .brand(list[row].label) : nil
    }

    /// Brands in the order the state asks for; ties by label.
    static func sorted(_ ctx: PanelContext) -> [BrandMarketing.Brand] {
        let column = ctx.state.brandSort
        return ctx.data.insights.brands.brands.sorted { a, b in
            let x = column.value(a)
            let y = column.value(b)
            if x != y { return ctx.state.descending ? x > y : x < y }
            return a.label < b.label
        }
    }

    static func draw(_ ctx: PanelContext, in r: Rect, on canvas: inout Canvas) {
        let m = ctx.data.insights.brands
        let rows = Layout.vertical([.length(4), .fill(1)]).split(r)
        let (head, body) = (rows[0], rows[1])
        let h = Box.draw("Brands that need more marketing", in: head, on: &canvas, glyphs: ctx.glyphs)
        canvas.text(
            "Under-exposed (★): conversion ≥ median \(ctx.pct(m.medianConversion)) and visitors ≤ median "
                + "\(Heatmap.short(m.medianVisitors)), among \(ctx.g(m.eligibleBrands)) brands with ≥ \(ctx.g(m.minViews)) views.",
            x: h.x, y: h.y, style: Style(.normal), maxWidth: h.width)
        let top = m.underExposed.prefix(3).map { "\($0.label) \(ctx.money($0.opportunityCents))" }.joined(
            separator: ", ")
        canvas.text(
            "Highest opportunity: " + (top.isEmpty ? "none" : top), x: h.x, y: h.y + 1, style: Style(.positive),
            maxWidth: h.width)
        let brands = sorted(ctx)
        let box = Box.draw(
            "Funnel · s sorts, r reverses, Enter filters on the brand", in: body, on: &canvas,
            glyphs: ctx.glyphs)
        var columns: [TableView.Column] = [.init("brand", width: 14, left: true)]
        // The panel's point — conversion, cart rate and opportunity beside the views — stays on a
        // narrow screen; buyers, carts, revenue, then purchases and visitors give way first.
        columns += BrandColumn.allCases.map {
            .init($0.title, width: $0 == .opportunity ? 12 : $0 == .revenue ? 13 : 9, dropOrder: $0.dropOrder)
        }
        var table = TableView(
            columns: columns,
            rows: brands.map { b in
                [
                    (b.underExposed ? "★ " : "  ") + b.label, ctx.g(b.counts.views), ctx.g(b.counts.carts),
                    ctx.g(b.counts.purchases), ctx.money(b.counts.revenueCents), ctx.g(b.visitors), ctx.g(b.buyers),
                    ctx.pct(b.conversion), ctx.pct(b.cartRate), b.underExposed ? ctx.money(b.opportunityCents) : "",
                ]
            })
        table.marked = Set(brands.indices.filter { brands[$0].underExposed })
        table.selected = min(ctx.state.selected, max(0, brands.count - 1))
        table.sortColumn = ctx.state.brandSort.rawValue + 1
        table.descending = ctx.state.descending
        table.draw(in: box, on: &canvas, glyphs: ctx.glyphs)
    }
}
