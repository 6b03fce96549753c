/// Insight 2: carts that were not followed by a purchase of the same product by the same user.
///
/// A carted pair is a (user, product) with a `cart` event in the window; it is abandoned when the
/// user has no `purchase` of the product in the window at or after the pair's first cart. The
/// pair's value, category and brand are those of its last cart (latest time, then latest row).
public struct CartAbandonment: Sendable {
    /// Abandoned pairs and their value, for one day or one group.
    public struct Tally: Sendable, Equatable {
        public var cartedPairs = 0
        public var abandonedPairs = 0
        public var abandonedValueCents: Int64 = 0

        /// abandoned / carted, 0 when nothing was carted.
        public var rate: Double { cartedPairs == 0 ? 0 : Double(abandonedPairs) / Double(cartedPairs) }

        mutating func add(_ o: Tally) {
            cartedPairs += o.cartedPairs
            abandonedPairs += o.abandonedPairs
            abandonedValueCents += o.abandonedValueCents
        }

        /// Takes back a contribution added before (a pair whose outcome changed as rows arrived).
        mutating func subtract(_ o: Tally) {
            cartedPairs -= o.cartedPairs
            abandonedPairs -= o.abandonedPairs
            abandonedValueCents -= o.abandonedValueCents
        }
    }

    public struct Group: Sendable, Equatable {
        public var label: String
        public var tally: Tally
    }

    public struct Day: Sendable, Equatable {
        /// `YYYY-MM-DD` of the pairs' first cart.
        public var day: String
        public var tally: Tally
    }

    public var total = Tally()
    /// Distinct users with at least one abandoned pair.
    public var abandoningUsers = 0
    /// Distinct users with a cart and no purchase at all in the window (the tutorial's measure).
    public var cartOnlyUsers = 0
    public var byDay: [Day] = []
    /// Groups with abandoned value, highest value first (ties by label).
    public var topCategories: [Group] = []
    public var topBrands: [Group] = []
    /// Products by abandoned value; the label is the `product_id`.
    public var topProducts: [Group] = []

    public init(_ snapshot: EventSnapshot, window: TimeWindow, level: Int?) {
        let filter = RowPredicate(window: window)
        self.init(snapshot, filter: filter, level: level, grouping: UserGrouping(snapshot, filter: filter))
    }

    init(_ snapshot: EventSnapshot, filter: RowPredicate, level: Int?, grouping: UserGrouping) {
        let range = DayRange(snapshot, window: filter.window)
        let labels = CategoryLabels(snapshot, level: level)
        let parts = grouping.userParts()
        let partials: [AbandonmentTallies] = Parallel.map(parts.count) { p in
            var acc = AbandonmentTallies(
                days: range.count, categories: labels.labels.count, brands: snapshot.brandLabels.count)
            var events: [PairEvent] = []
            for u in parts[p] {
                events.removeAll(keepingCapacity: true)
                var hasCart = false
                var hasPurchase = false
                for k in grouping.range(u) {
                    let r = grouping.rows[k]
                    let type = snapshot.type(r)
                    if type == EventType.cart.rawValue {
                        hasCart = true
                    } else if type == EventType.purchase.rawValue {
                        hasPurchase = true
                    } else {
                        continue
                    }
                    let row = snapshot.row(r)
                    events.append(
                        PairEvent(
                            product: row.product, time: row.time, row: r, isCart: row.type == EventType.cart.rawValue,
                            price: row.price, category: row.category, brand: row.brand))
                }
                guard hasCart else { continue }
                if !hasPurchase { acc.cartOnlyUsers += 1 }
                acc.addPairs(of: &events, range: range, labels: labels)
            }
            return acc
        }
        var merged = AbandonmentTallies(
            days: range.count, categories: labels.labels.count, brands: snapshot.brandLabels.count)
        for p in partials { merged.merge(p) }
        self.init(
            total: merged.total, abandoningUsers: merged.abandoningUsers, cartOnlyUsers: merged.cartOnlyUsers,
            byDay: (0..<range.count).compactMap { d in
                merged.days[d].cartedPairs > 0 ? Day(day: range.dayString(d), tally: merged.days[d]) : nil
            },
            categories: merged.categories, labels: labels, brands: merged.brands, products: merged.products,
            snapshot: snapshot)
    }

    /// The insight from its figures, however they were gathered (one scan, or row by row as rows
    /// arrive): tallies by category label, by brand code and by product code.
    init(
        total: Tally, abandoningUsers: Int, cartOnlyUsers: Int, byDay: [Day], categories: [Tally],
        labels: CategoryLabels, brands: [Tally], products: [UInt32: Tally], snapshot: EventSnapshot
    ) {
        self.total = total
        self.abandoningUsers = abandoningUsers
        self.cartOnlyUsers = cartOnlyUsers
        self.byDay = byDay
        topCategories = Self.ranked(categories) { labels.labels[$0] }
        topBrands = Self.ranked(brands) { b in
            let s = snapshot.brandLabels[b]
            return s.isEmpty ? EventSchema.noneLabel : s
        }
        // Products tie by id, numerically: sorted on the ids, labelled after.
        topProducts = Self.ranked(products.map { (snapshot.productId($0.key), $0.value) }).map {
            Group(label: String($0.0), tally: $0.1)
        }
    }

    /// Groups with an abandoned pair, by abandoned value, ties by label.
    private static func ranked(_ tallies: [Tally], label: (Int) -> String) -> [Group] {
        ranked(tallies.enumerated().map { (label($0.offset), $0.element) }).map { Group(label: $0.0, tally: $0.1) }
    }

    /// Keys with an abandoned pair, by abandoned value, ties by key.
    private static func ranked<K: Comparable>(_ tallies: [(K, Tally)]) -> [(K, Tally)] {
        tallies.filter { $0.1.abandonedPairs > 0 }.sorted { a, b in
            a.1.abandonedValueCents != b.1.abandonedValueCents
                ? a.1.abandonedValueCents > b.1.abandonedValueCents : a.0 < b.0
        }
    }
}

/// A cart or purchase of one user, gathered to find the user's carted pairs.
struct PairEvent {
    var product: UInt32
    var time: UInt32
    var row: UInt32
    var isCart: Bool
    var price: UInt32
    var category: UInt32
    var brand: UInt32
}

/// One carted pair of a user and what it adds to the figures.
struct CartedPair {
    /// Time of the pair's first cart: its day is the pair's day.
    var firstCart: UInt32
    /// The pair's last cart (latest time, then latest row): its price, category and brand count.
    var lastCart: PairEvent
    var tally: CartAbandonment.Tally
}

extension CartAbandonment {
    /// Calls `body` with each carted pair among one user's carts and purchases (`events`, which
    /// it sorts), and returns whether any pair was abandoned.
    static func forEachCartedPair(_ events: inout [PairEvent], _ body: (CartedPair) -> Void) -> Bool {
        events.sort { ($0.product, $0.time, $0.row) < ($1.product, $1.time, $1.row) }
        var abandonedAny = false
        var i = 0
        while i < events.count {
            var j = i
            var firstCart: UInt32? = nil
            var lastCart: PairEvent? = nil
            var lastPurchase: UInt32? = nil
            while j < events.count, events[j].product == events[i].product {
                let e = events[j]
                if e.isCart {
                    if firstCart == nil { firstCart = e.time }
                    lastCart = e  // sorted by (time, row): the last one wins
                } else {
                    lastPurchase = e.time
                }
                j += 1
            }
            if let first = firstCart, let last = lastCart {
                var tally = Tally(cartedPairs: 1)
                if !(lastPurchase.map { $0 >= first } ?? false) {
                    tally.abandonedPairs = 1
                    tally.abandonedValueCents = Int64(last.price)
                    abandonedAny = true
                }
                body(CartedPair(firstCart: first, lastCart: last, tally: tally))
            }
            i = j
        }
        return abandonedAny
    }
}

/// Abandonment tallies over dense days, categories and brands: one worker's share of a scan, or
/// the change one batch makes to the live figures (where a tally may be taken back).
struct AbandonmentTallies {
    var total = CartAbandonment.Tally()
    var abandoningUsers = 0
    var cartOnlyUsers = 0
    var days: [CartAbandonment.Tally]
    var categories: [CartAbandonment.Tally]
    var brands: [CartAbandonment.Tally]
    var products: [UInt32: CartAbandonment.Tally] = [:]

    init(days: Int, categories: Int, brands: Int) {
        self.days = Array(repeating: .init(), count: days)
        self.categories = Array(repeating: .init(), count: categories)
        self.brands = Array(repeating: .init(), count: brands)
    }

    /// Adds one pair's tally under its day, category, brand and product.
    mutating func add(_ tally: CartAbandonment.Tally, day: Int, category: Int, brand: Int, product: UInt32) {
        total.add(tally)
        days[day].add(tally)
        categories[category].add(tally)
        brands[brand].add(tally)
        products[product, default: .init()].add(tally)
    }

    /// Adds the carted pairs of one user, whose carts and purchases are in `events`.
    mutating func addPairs(of events: inout [PairEvent], range: DayRange, labels: CategoryLabels) {
        let abandonedAny = CartAbandonment.forEachCartedPair(&events) { pair in
            add(
                pair.tally, day: range.index(pair.firstCart),
                category: Int(labels.indexOfCategory[Int(pair.lastCart.category)]), brand: Int(pair.lastCart.brand),
                product: pair.lastCart.product)
        }
        if abandonedAny { abandoningUsers += 1 }
    }

    mutating func merge(_ o: AbandonmentTallies) {
        total.add(o.total)
        abandoningUsers += o.abandoningUsers
        cartOnlyUsers += o.cartOnlyUsers
        for d in days.indices { days[d].add(o.days[d]) }
        for c in categories.indices { categories[c].add(o.categories[c]) }
        for b in brands.indices { brands[b].add(o.brands[b]) }
        for (k, v) in o.products { products[k, default: .init()].add(v) }
    }
}
