/// Insight 2: carted pairs and the abandoned ones, a user at a time (a pair needs the user's carts
/// and purchases of the product together). Tallies are kept by the day of each pair's first cart
/// and by the category, brand and product codes of its last cart (products in an array by code:
/// the tally of a pair is an index, not a hash); labels come at evaluation.
struct AbandonmentAccumulator: InsightAccumulator {
    private(set) var total = CartAbandonment.Tally()
    private(set) var abandoningUsers = 0
    private(set) var cartOnlyUsers = 0
    private(set) var days = TimeBuckets(empty: CartAbandonment.Tally())
    private(set) var categories: [CartAbandonment.Tally] = []
    private(set) var brands: [CartAbandonment.Tally] = []
    private(set) var products: [CartAbandonment.Tally] = []
    private var events: [PairEvent] = []

    var foldsUsers: Bool { true }

    func empty() -> Self { Self() }

    mutating func prepare(_ snapshot: EventSnapshot) {
        categories.grow(to: snapshot.categoryCount, with: .init())
        brands.grow(to: snapshot.brandLabels.count, with: .init())
        products.grow(to: snapshot.productCount, with: .init())
    }

    mutating func fold(user: UserRows, sign: Int) {
        events.removeAll(keepingCapacity: true)
        var hasCart = false
        var hasPurchase = false
        for r in user.rows {
            let isCart = r.type == EventType.cart.rawValue
            guard isCart || r.type == EventType.purchase.rawValue else { continue }
            if isCart { hasCart = true } else { hasPurchase = true }
            events.append(
                PairEvent(
                    product: r.product(user.columns), time: r.time, row: r.row, isCart: isCart, brand: r.brand))
        }
        guard hasCart else { return }
        if !hasPurchase { cartOnlyUsers += sign }
        // Price and category are read for a pair's last cart only: each is a cache miss.
        let columns = user.columns
        let abandonedAny = CartAbandonment.forEachCartedPair(&events, price: { columns.price($0.row) }) { pair in
            let tally = pair.tally.scaled(by: sign)
            total.add(tally)
            days.update(Int64(pair.firstCart) / UTCCalendar.secondsPerDay) { $0.add(tally) }
            categories[Int(columns.category(pair.lastCart.row))].add(tally)
            brands[Int(pair.lastCart.brand)].add(tally)
            products[Int(pair.lastCart.product)].add(tally)
        }
        if abandonedAny { abandoningUsers += sign }
    }

    /// Key: the user's carts and purchases together (a pair needs a product's, and whether the
    /// user only carted needs all of them); views have none.
    func widen(_ scope: inout UserScope, for row: UserRow) {
        if row.type == EventType.cart.rawValue || row.type == EventType.purchase.rawValue {
            scope.addCartsAndPurchases()
        }
    }

    mutating func merge(_ o: AbandonmentAccumulator) {
        total.add(o.total)
        abandoningUsers += o.abandoningUsers
        cartOnlyUsers += o.cartOnlyUsers
        o.days.forEach { d, t in days.update(d) { $0.add(t) } }
        categories.grow(to: o.categories.count, with: .init())
        brands.grow(to: o.brands.count, with: .init())
        for c in o.categories.indices { categories[c].add(o.categories[c]) }
        for b in o.brands.indices { brands[b].add(o.brands[b]) }
        products.grow(to: o.products.count, with: .init())
        for p in o.products.indices { products[p].add(o.products[p]) }
    }

    /// The insight, with categories gathered under their labels at the level of `labels`.
    func evaluate(_ snapshot: EventSnapshot, labels: CategoryLabels) -> CartAbandonment {
        var byLabel = [CartAbandonment.Tally](repeating: .init(), count: labels.labels.count)
        for c in categories.indices { byLabel[Int(labels.indexOfCategory[c])].add(categories[c]) }
        var byDay: [CartAbandonment.Day] = []
        days.forEach { d, t in
            if t.cartedPairs > 0 { byDay.append(CartAbandonment.Day(day: UTCCalendar.dayString(days: d), tally: t)) }
        }
        var abandoned: [CartAbandonment.ProductTally] = []
        for p in products.indices where products[p].abandonedPairs > 0 {
            abandoned.append(.init(productId: snapshot.productId(UInt32(p)), tally: products[p]))
        }
        return CartAbandonment(
            total: total, abandoningUsers: abandoningUsers, cartOnlyUsers: cartOnlyUsers, byDay: byDay,
            categories: byLabel, labels: labels, brands: brands, products: abandoned, snapshot: snapshot)
    }
}
