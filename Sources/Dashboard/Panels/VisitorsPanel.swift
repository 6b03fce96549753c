/// Unique visitors per day as bars and a table, and visitors per hour.
import Report

enum VisitorsPanel: DashboardPanel {
    static let title = "Visitors"
    static let exportSection = CSVSection.visitorsPerDay

    static func listCount(_ ctx: PanelContext) -> Int { ctx.data.insights.visitors.days.count }

    static func draw(_ ctx: PanelContext, in r: Rect, on canvas: inout Canvas) {
        let days = ctx.data.insights.visitors.days
        let rows = Layout.vertical([.fill(1), .length(min(8, r.height / 3))]).split(r)
        let (top, bottom) = (rows[0], rows[1])
        let columns = Layout.horizontal([.percentage(40), .fill(1)]).split(top)
        let (left, right) = (columns[0], columns[1])
        let chart = Box.draw("Unique visitors per day", in: left, on: &canvas, glyphs: ctx.glyphs)
        let shown = days.suffix(chart.height)
        BarChart(shown.map { BarChart.Bar(String($0.day.dropFirst(5)), Double($0.visitors), ctx.g($0.visitors)) })
            .draw(in: chart, on: &canvas, glyphs: ctx.glyphs)
        let tableRect = Box.draw("By day", in: right, on: &canvas, glyphs: ctx.glyphs)
        var table = TableView(
            columns: [
                .init("day", width: 10, left: true), .init("visitors", width: 8), .init("sessions", width: 8),
                .init("events", width: 9), .init("purch", width: 6), .init("revenue", width: 12),
            ],
            rows: days.map {
                [
                    $0.day, ctx.g($0.visitors), ctx.g($0.sessions), ctx.g($0.events), ctx.g($0.purchases),
                    ctx.money($0.revenueCents),
                ]
            })
        table.selected = min(ctx.state.selected, max(0, days.count - 1))
        table.draw(in: tableRect, on: &canvas, glyphs: ctx.glyphs)
        let spark = Box.draw("Visitors per hour (UTC)", in: bottom, on: &canvas, glyphs: ctx.glyphs)
        let hourly = ctx.data.hourly
        let perHour = hourly.visitors
        let (axisRow, bars) = spark.height >= 2 ? spark.splitBottom(1) : (Rect(x: 0, y: 0, width: 0, height: 0), spark)
        canvas.text(
            "peak \(ctx.g(perHour.max() ?? 0))", x: bars.x, y: bars.y + bars.height - 1, style: Style(.dim),
            maxWidth: 14)
        Sparkline(perHour.map(Double.init), style: Style(.chartThird)).draw(
            in: Rect(x: bars.x + 15, y: bars.y, width: bars.width - 15, height: bars.height), on: &canvas,
            glyphs: ctx.glyphs)
        ChartAxis.drawTime(of: hourly, in: axisRow, margin: 15, on: &canvas, glyphs: ctx.glyphs)
    }
}
