import Engine
import Testing

/// The edges of the abandonment rule, on rows written by hand.
@Suite("Cart abandonment edges")
struct CartAbandonmentEdgeTests {
    func abandonment(_ rows: [String], window: TimeWindow = .all) throws -> CartAbandonment {
        let dir = try TemporaryDirectory()
        let path = try dir.write("a.csv", header + rows.map { $0 + "\n" }.joined())
        return CartAbandonment(try ingest([path]).snapshot, window: window, level: nil)
    }

    func row(
        _ time: String, _ type: String, product: Int = 1, price: String = "10.00", user: Int = 7, brand: String = "b"
    ) -> String {
        "2019-10-01 \(time) UTC,\(type),\(product),2,cat.x,\(brand),\(price),\(user),s"
    }

    @Test("a purchase in the same second as the first cart saves the pair")
    func sameSecond() throws {
        let a = try abandonment([row("10:00:00", "cart"), row("10:00:00", "purchase")])
        #expect(a.total.cartedPairs == 1)
        #expect(a.total.abandonedPairs == 0)
        #expect(a.cartOnlyUsers == 0)
    }

    @Test("a purchase only before the first cart does not save it")
    func purchaseBefore() throws {
        let a = try abandonment([row("09:00:00", "purchase"), row("10:00:00", "cart")])
        #expect(a.total.abandonedPairs == 1)
        #expect(a.abandoningUsers == 1)
        #expect(a.cartOnlyUsers == 0)  // the user did buy something
    }

    @Test("the value is the price of the last cart; ties in time go to the later row")
    func lastCartPrice() throws {
        let a = try abandonment([
            row("10:00:05", "cart", price: "30.00", brand: "late"), row("10:00:00", "cart", price: "10.00"),
            row("10:00:05", "cart", price: "40.00", brand: "last"),
        ])
        #expect(a.total.cartedPairs == 1)
        #expect(a.total.abandonedValueCents == 4000)
        #expect(a.topBrands.map(\.label) == ["last"])
    }

    @Test("pairs are per user and product; the window hides carts and purchases outside it")
    func pairsAndWindow() throws {
        let rows = [
            row("10:00:00", "cart", product: 1, user: 1), row("11:00:00", "purchase", product: 2, user: 1),
            row("10:00:00", "cart", product: 1, user: 2), row("12:00:00", "purchase", product: 1, user: 2),
            row("13:00:00", "cart", product: 3, user: 3, brand: ""),
        ]
        let all = try abandonment(rows)
        #expect(all.total.cartedPairs == 3)
        #expect(all.total.abandonedPairs == 2)
        #expect(all.abandoningUsers == 2)
        #expect(all.cartOnlyUsers == 1)
        #expect(Set(all.topBrands.map(\.label)) == ["b", "(none)"])
        // Before noon, user 2's purchase is outside the window: the pair is abandoned there.
        let morning = try abandonment(
            rows, window: TimeWindow(from: nil, to: UTCCalendar.parseInstant("2019-10-01 12:00")))
        #expect(morning.total.cartedPairs == 2)
        #expect(morning.total.abandonedPairs == 2)
    }

    @Test("products rank by abandoned value, ties by id as a number; a top-N is the first N of the whole ranking")
    func productRanking() throws {
        let rows = [
            row("10:00:00", "cart", product: 100, price: "5.00", user: 1),
            row("10:00:00", "cart", product: 9, price: "5.00", user: 2),
            row("10:00:00", "cart", product: 10, price: "5.00", user: 3),
            row("10:00:00", "cart", product: 7, price: "8.00", user: 4),
            row("10:00:00", "cart", product: 3, price: "1.00", user: 5),
            row("11:00:00", "purchase", product: 3, user: 5),
        ]
        let a = try abandonment(rows)
        #expect(a.topProducts().map(\.label) == ["7", "9", "10", "100"])
        #expect(a.abandonedProducts.count == 4)
        for n in 0...5 { #expect(a.topProducts(n) == Array(a.topProducts().prefix(n))) }
    }
}
