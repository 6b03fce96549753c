import Engine
import Foundation
import Testing

/// `generate` follows the real month's cardinalities at every size, so that benchmarks on its
/// output are honest: counted here independently, by splitting the CSV text.
@Suite("Generator scale")
struct GeneratorScaleTests {
    @Test("users, sessions, products, brands and categories as in the real data", arguments: [60_000, 400_000])
    func cardinalities(rows: Int) throws {
        let sink = MemorySink()
        try EventGenerator(GeneratorOptions(rows: rows, seed: 3)).write(to: sink)
        let lines = sink.bytes.split(separator: 0x0A).dropFirst()
        #expect(lines.count == rows)
        var users = Set<Substring>()
        var sessions = Set<Substring>()
        var products = Set<Substring>()
        var categories = Set<Substring>()
        var brands = Set<Substring>()
        var views = 0
        var emptyCode = 0
        var emptyBrand = 0
        for line in lines {
            let f = String(decoding: line, as: UTF8.self).split(separator: ",", omittingEmptySubsequences: false)
            try #require(f.count == 9)
            if f[1] == "view" { views += 1 }
            products.insert(f[2])
            categories.insert(f[3])
            if f[4].isEmpty { emptyCode += 1 }
            if f[5].isEmpty { emptyBrand += 1 } else { brands.insert(f[5]) }
            users.insert(f[7])
            sessions.insert(f[8])
        }
        let scale = ShopScale(rows: rows)
        func near(_ count: Int, _ target: Int, within share: Double) -> Bool {
            abs(Double(count - target)) <= share * Double(target)
        }
        // 3.0 M users and 9.2 M sessions at 42.4 M rows, in proportion at every size.
        #expect(near(users.count, scale.users, within: 0.04), "users \(users.count) vs \(scale.users)")
        #expect(near(sessions.count, scale.sessions, within: 0.04), "sessions \(sessions.count) vs \(scale.sessions)")
        #expect(Double(rows) / Double(sessions.count) > 4.3 && Double(rows) / Double(sessions.count) < 4.9)
        // Most of the catalog is seen; the catalog grows with the rows more slowly than they do.
        #expect(products.count <= scale.products && Double(products.count) >= 0.8 * Double(scale.products))
        #expect(brands.count <= scale.brands && Double(brands.count) >= 0.7 * Double(scale.brands))
        #expect(categories.count <= scale.categoryIds && Double(categories.count) >= 0.75 * Double(scale.categoryIds))
        #expect(abs(Double(views) / Double(rows) - 0.96) < 0.01)
        #expect(abs(Double(emptyCode) / Double(rows) - 0.32) < 0.04)
        #expect(abs(Double(emptyBrand) / Double(rows) - 0.14) < 0.04)
    }

    @Test("at the size of the real October file the targets are the real file's figures")
    func realMonth() {
        let scale = ShopScale(rows: ShopScale.realMonthRows)
        #expect(abs(scale.users - 3_022_290) < 1_000)
        #expect(abs(scale.sessions - 9_244_421) < 1_000)
        #expect(scale.products == 166_794)
        #expect(scale.categoryIds == 624)
    }

    @Test("the November sale has about 3.5 times the events and 7 times the purchases of a day")
    func novemberSale() throws {
        let sink = MemorySink()
        let start = UTCCalendar.days(year: 2019, month: 11, day: 1)
        try EventGenerator(GeneratorOptions(rows: 300_000, seed: 5, startDay: start, days: 30)).write(to: sink)
        var events = [Substring: Int]()
        var purchases = [Substring: Int]()
        for line in sink.bytes.split(separator: 0x0A).dropFirst() {
            let text = String(decoding: line, as: UTF8.self)
            let day = text.prefix(10)
            events[day, default: 0] += 1
            if text.contains(",purchase,") { purchases[day, default: 0] += 1 }
        }
        let normal = ["2019-11-05", "2019-11-06", "2019-11-07", "2019-11-12", "2019-11-13"]
        let sale = ["2019-11-15", "2019-11-16", "2019-11-17"]
        func mean(_ m: [Substring: Int], _ days: [String]) -> Double {
            Double(days.map { m[Substring($0)] ?? 0 }.reduce(0, +)) / Double(days.count)
        }
        let volume = mean(events, sale) / mean(events, normal)
        let bought = mean(purchases, sale) / mean(purchases, normal)
        #expect(volume > 3.1 && volume < 3.9, "volume ×\(volume)")
        #expect(bought > 5.5 && bought < 8.5, "purchases ×\(bought)")
    }
}
