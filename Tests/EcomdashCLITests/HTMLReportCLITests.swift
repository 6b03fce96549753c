import Foundation
import Testing

/// `report --format html`: one page that needs nothing from elsewhere, a chart for every section,
/// and the same figures as the JSON report.
@Suite("report --format html")
struct HTMLReportCLITests {
    @Test(
        "self-contained: no script, link, image or URL; an SVG chart a section; the tiles are the compared period's JSON figures"
    )
    func page() throws {
        let scratch = try Scratch()
        let csv = scratch.path("events.csv")
        _ = try Binary.run(["generate", "--rows", "60000", "--days", "20", "--bots", "3", "--out", csv])
        let r = try Binary.run(["report", csv, "--format", "html", "--compare"])
        #expect(r.status == 0, "\(r.stderr)")
        let page = r.stdout
        #expect(page.hasPrefix("<!DOCTYPE html>") && page.contains("</html>"))
        for external in ["src=", "href=", "url(", "<script", "<link", "@import", "http:", "https:"] {
            #expect(!page.contains(external), "the page refers to something outside it: \(external)")
        }
        let sections = page.components(separatedBy: "<section>").count - 1
        #expect(sections == 7 && page.components(separatedBy: "</section>").count - 1 == sections)
        #expect(
            page.components(separatedBy: "<svg").count - 1 == 7,
            "visitors, abandonment, two heat maps, brands, bursts, anomalies")
        for title in [
            "Key figures", "Unique visitors per day", "Carts not followed by a purchase",
            "Top categories by hour of day",
            "Brands that need more marketing", "Activity bursts", "Anomalous hours",
        ] {
            #expect(page.contains("<h2>\(title)"), "\(title)")
        }
        let json =
            try JSONSerialization.jsonObject(
                with: Data(try Binary.run(["report", csv, "--format", "json", "--compare"]).stdout.utf8))
            as! [String: Any]
        // Under --compare the tiles are the compared period's (the last whole day).
        let comparison = json["comparison"] as! [String: Any]
        let events = ((comparison["kpis"] as! [String: Any])["events"] as! [String: Any])["current"] as! Int
        let digits = String(events)
        var grouped = ""
        for (k, c) in digits.enumerated() {
            if k > 0, (digits.count - k) % 3 == 0 { grouped += "," }
            grouped.append(c)
        }
        #expect(page.contains("<div class=\"value\">\(grouped)</div>"), "the events tile shows \(grouped)")
        #expect(page.contains("class=\"up\"") || page.contains("class=\"down\""), "the tiles show the change")
        // Rows without a brand are a brand in the funnel's list, never one to market: not in the chart.
        let brands = json["brands"] as! [[String: Any]]
        #expect(brands.contains { $0["brand"] as? String == "(none)" })
        let marketing = page.components(separatedBy: "<h2>Brands that need more marketing")[1]
            .components(separatedBy: "</section>")[0]
        #expect(marketing.contains("<svg") && !marketing.contains("(none)"))
    }
}
