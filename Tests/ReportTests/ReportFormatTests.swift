import Engine
import Foundation
import Report
import Testing

@Suite("Report formats")
struct ReportFormatTests {
    static func document(top: Int? = nil) throws -> ReportDocument {
        let ingestor = Ingestor()
        let store = EventStore()
        let summary = try ingestor.ingest(try ingestor.open([GoldenReportTests.sample]), into: store)
        let options = InsightOptions(minViews: 5)
        return ReportDocument(
            source: ReportSource(inputs: ["sample.csv"], rows: summary.rows, rejected: 0, window: .all),
            insights: Insights(store.snapshot(), options: options), options: options, top: top)
    }

    @Test("the table fits an 80-column terminal and has every section")
    func tableFits() throws {
        let text = try Self.document().table
        for line in text.split(separator: "\n") { #expect(line.count <= 80, "\(line)") }
        for title in [
            "Unique visitors per day", "Cart abandonment", "Top categories by hour of day",
            "Top categories by day of week", "Brands by views", "Brands that need more marketing",
        ] {
            #expect(text.contains(title))
        }
        let day = text.split(separator: "\n").first { $0.hasPrefix("2019-10-01 ") }
        #expect(day?.split(separator: " ") == ["2019-10-01", "330", "372", "1,000", "10", "2,387.84"])
    }

    @Test("each CSV section is the JSON list with a header line")
    func csvSections() throws {
        let doc = try Self.document()
        let visitors = doc.csv(.visitorsPerDay)
        #expect(visitors == "day,visitors,sessions,events,purchases,revenue\n2019-10-01,330,372,1000,10,2387.84\n")
        let brands = doc.csv(.brands).split(separator: "\n")
        #expect(
            brands.first
                == "brand,views,carts,purchases,revenue,visitors,buyers,conversion,cart_rate,under_exposed,opportunity")
        #expect(brands.count == doc.insights.brands.brands.count + 1)
        let hours = doc.csv(.categoriesByHour).split(separator: "\n")
        #expect(hours.count > 10)
        for section in CSVSection.allCases { #expect(!doc.csv(section).isEmpty) }
    }

    @Test("--top limits every list; money keeps two decimals")
    func top() throws {
        let doc = try Self.document(top: 3)
        let json = try JSONSerialization.jsonObject(with: Data(doc.json.rendered().utf8)) as! [String: Any]
        #expect((json["brands"] as! [Any]).count == 3)
        #expect(doc.json.rendered().contains("\"revenue\": 2387.84"))
        #expect(doc.json.rendered().contains("\"abandoned_value\": 191.49"))
    }

    @Test("fast fixed-point formatting agrees with printf on random values and exact ties")
    func fixedMatchesPrintf() {
        var state: UInt64 = 42
        for k in 0..<20_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let v =
                k % 4 == 0 ? Double(k % 640) / 640 : Double(state >> 11) / Double(1 << 53) * pow(10, Double(k % 7) - 3)
            for d in [0, 2, 6] {
                #expect(NumberFormat.fixed(v, decimals: d) == String(format: "%.\(d)f", v), "\(v)")
            }
        }
    }

    @Test("numbers read with separators")
    func numbers() {
        #expect(NumberFormat.grouped(1_234_567) == "1,234,567")
        #expect(NumberFormat.grouped(-12) == "-12")
        #expect(NumberFormat.money(cents: 123_456_789) == "1,234,567.89")
        #expect(NumberFormat.money(cents: 5) == "0.05")
        #expect(NumberFormat.plainMoney(cents: 100) == "1.00")
        #expect(NumberFormat.percent(0.12345) == "12.35%")
    }
}
