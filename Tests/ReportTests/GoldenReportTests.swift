import Engine
import Foundation
import Report
import Testing

/// `report --format json` on the 1,000 real rows equals figures DuckDB computed independently.
@Suite("Golden report on real rows")
struct GoldenReportTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let sample = root.appendingPathComponent("../Data/2019-Oct-head-1000.csv").standardized.path

    static func report(_ options: InsightOptions) throws -> [String: Any] {
        let ingestor = Ingestor()
        let store = EventStore()
        let summary = try ingestor.ingest(try ingestor.open([sample]), into: store)
        let doc = ReportDocument(
            source: ReportSource(
                inputs: summary.sources, rows: summary.rows, rejected: summary.rejected, window: options.window),
            insights: Insights(store.snapshot(), options: options), options: options, top: nil)
        let text = doc.json.rendered()
        return try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
    }

    static func fixture(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: root.appendingPathComponent("Fixtures/\(name)"))
        return try JSONSerialization.jsonObject(with: data) as! [String: Any]
    }

    @Test(
        "every section equals DuckDB's",
        arguments: [
            ("real-1000-min-views-5.duckdb.json", InsightOptions(minViews: 5)),
            ("real-1000-level-1.duckdb.json", InsightOptions(categoryLevel: 1)),
        ])
    func equalsDuckDB(fixture: String, options: InsightOptions) throws {
        let mine = try Self.report(options)
        let expected = try Self.fixture(fixture)
        var differences: [String] = []
        for section in [
            "visitors_per_day", "abandonment", "categories_by_hour", "categories_by_weekday", "brands",
            "brand_medians", "under_exposed_brands",
        ] {
            JSONComparison.compare(section, mine[section], expected[section], into: &differences)
        }
        #expect(differences.isEmpty, "\(differences.prefix(10))")
        #expect((mine["source"] as? [String: Any])?["rows"] as? Int == 1000)
        #expect((mine["alerts"] as? [Any])?.isEmpty == true)
    }

    @Test("the golden data exercises every rule: abandoned carts, several days' worth of hours, under-exposed brands")
    func fixtureIsNotTrivial() throws {
        let expected = try Self.fixture("real-1000-min-views-5.duckdb.json")
        let abandonment = expected["abandonment"] as! [String: Any]
        #expect(abandonment["abandoned_pairs"] as! Int > 0)
        #expect((expected["under_exposed_brands"] as! [Any]).count > 3)
        #expect((expected["brands"] as! [Any]).count > 50)
    }
}

/// Field-by-field comparison: money to the cent, ratios to 1e-6, the rest exactly.
enum JSONComparison {
    static let money: Set<String> = ["revenue", "abandoned_value", "opportunity"]
    static let ratios: Set<String> = [
        "abandonment_rate", "conversion", "cart_rate", "median_conversion", "median_visitors",
    ]

    static func compare(_ path: String, _ a: Any?, _ b: Any?, into out: inout [String]) {
        let key = String(path.split(separator: ".").last ?? "")
        switch b {
        case let b as [String: Any]:
            guard let a = a as? [String: Any] else { return out.append("\(path): not an object") }
            for (k, v) in b { compare("\(path).\(k)", a[k], v, into: &out) }
        case let b as [Any]:
            guard let a = a as? [Any], a.count == b.count else {
                return out.append("\(path): \((a as? [Any])?.count ?? -1) items, expected \(b.count)")
            }
            for (i, (x, y)) in zip(a, b).enumerated() { compare("\(path)[\(i)]", x, y, into: &out) }
        default:
            let same: Bool
            if money.contains(key) {
                same = cents(a) == cents(b)
            } else if ratios.contains(key) {
                same = abs(double(a) - double(b)) <= 1e-6
            } else {
                same = "\(a ?? "nil")" == "\(b ?? "nil")"
            }
            if !same { out.append("\(path): ecomdash \(a ?? "nil"), duckdb \(b ?? "nil")") }
        }
    }

    static func double(_ v: Any?) -> Double {
        if let s = v as? String { return Double(s) ?? .nan }
        return (v as? NSNumber)?.doubleValue ?? .nan
    }

    static func cents(_ v: Any?) -> Int { Int((double(v) * 100).rounded()) }
}
