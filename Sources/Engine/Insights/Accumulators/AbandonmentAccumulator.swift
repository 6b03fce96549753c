/// Insight 2: carted pairs and the abandoned ones, a user at a time (a pair needs the user's carts
/// and purchases of the product together). Tallies are kept by the day of each pair's first cart
/// and by the category, brand and product codes of its last cart; labels come at evaluation.
struct AbandonmentAccumulator: InsightAccumulator {
    private(set) var total = CartAbandonment.Tally()
    private(set) var abandoningUsers = 0
    private(set) var cartOnlyUsers = 0
    private(set) var days = TimeBuckets(empty: CartAbandonment.Tally())
    private(set) var categories: [CartAbandonment.Tally] = []
    private(set) var brands: [CartAbandonment.Tally] = []
    private(set) var products: [UInt32: CartAbandonment.Tally] = [:]
    private var events: [PairEvent] = []

    var foldsUsers: Bool { true }

    func empty() -> Self { Self() }

    mutating func prepare(_ snapshot: EventSnapshot) {
        categories.grow(to: snapshot.categoryCount, with: .init())
        brands.grow(to: snapshot.brandLabels.count, with: .init())
    }

    mutating func fold(user: UserRows, sign: Int) {
        events.removeAll(keepingCapacity: true)
        var hasCart = false
        var hasPurchase = false
        for r in user.rows {
            let isCart = r.type == EventType.cart.rawValue
            guard isCart || r.type == EventType.purchase.rawValue else { continue }
            if isCart { hasCart = true } else { hasPurchase = true }
            let row = user.snapshot.row(r.row)
            events.append(
                PairEvent(
                    product: row.product, time: r.time, row: r.row, isCart: isCart, price: row.price,
                    category: row.category, brand: r.brand))
        }
        guard hasCart else { return }
        if !hasPurchase { cartOnlyUsers += sign }
        let abandonedAny = CartAbandonment.forEachCartedPair(&events) { pair in
            let tally = pair.tally.scaled(by: sign)
            total.add(tally)
            days.update(Int64(pair.firstCart) / UTCCalendar.secondsPerDay) { $0.add(tally) }
            categories[Int(pair.lastCart.category)].add(tally)
            brands[Int(pair.lastCart.brand)].add(tally)
            products[pair.lastCart.product, default: .init()].add(tally)
        }
        if abandonedAny { abandoningUsers += sign }
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
        for (p, t) in o.products {
            let sum = (products[p] ?? .init()).adding(t)
            products[p] = sum == .init() ? nil : sum
        }
    }

    /// The insight, with categories gathered under their labels at the level of `labels`.
    func evaluate(_ snapshot: EventSnapshot, labels: CategoryLabels) -> CartAbandonment {
        var byLabel = [CartAbandonment.Tally](repeating: .init(), count: labels.labels.count)
        for c in categories.indices { byLabel[Int(labels.indexOfCategory[c])].add(categories[c]) }
        var byDay: [CartAbandonment.Day] = []
        days.forEach { d, t in
            if t.cartedPairs > 0 { byDay.append(CartAbandonment.Day(day: UTCCalendar.dayString(days: d), tally: t)) }
        }
        return CartAbandonment(
            total: total, abandoningUsers: abandoningUsers, cartOnlyUsers: cartOnlyUsers, byDay: byDay,
            categories: byLabel, labels: labels, brands: brands, products: products, snapshot: snapshot)
    }
}
