/// Insight 2: carts that were not followed by a purchase of the same product by the same user.
///
/// A carted pair is a (user, product) with a `cart` event in the window; it is abandoned when the
/// user has no `purchase` of the product in the window at or after the pair's first cart. The
/// pair's value, category and brand are those of its last cart (latest time, then latest row).
public struct CartAbandonment: Sendable {
    /// Abandoned pairs and their value, for one day or one group.
    public struct Tally: Sendable, Equatable, Codable {
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

        /// The tally added `sign` times: −1 takes a contribution back.
        func scaled(by sign: Int) -> Tally {
            Tally(
                cartedPairs: cartedPairs * sign, abandonedPairs: abandonedPairs * sign,
                abandonedValueCents: abandonedValueCents * Int64(sign))
        }
    }

    public struct Group: Sendable, Equatable, Codable {
        public var label: String
        public var tally: Tally
    }

    /// A product with an abandoned pair.
    public struct ProductTally: Sendable, Equatable {
        public var productId: UInt64
        public var tally: Tally
    }

    public struct Day: Sendable, Equatable, Codable {
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
    /// Every product with an abandoned pair, unranked: a month holds about 100,000, and ranking
    /// them all on each refresh of a followed stream cost more than the rest of the update.
    public var abandonedProducts: [ProductTally] = []

    public init(_ snapshot: EventSnapshot, window: TimeWindow, level: Int?) {
        let options = InsightOptions(window: window, categoryLevel: level)
        self = InsightFolding.fold(snapshot, options: options, into: AbandonmentAccumulator())
            .evaluate(snapshot, labels: CategoryLabels(snapshot, level: level))
    }

    /// The insight from its figures (see ``AbandonmentAccumulator``): tallies by category label,
    /// by brand code and by product code.
    init(
        total: Tally, abandoningUsers: Int, cartOnlyUsers: Int, byDay: [Day], categories: [Tally],
        labels: CategoryLabels, brands: [Tally], products: [ProductTally], snapshot: EventSnapshot
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
        abandonedProducts = products
    }

    /// The first `limit` products by abandoned value (all when nil), ties by id, numerically; the
    /// label is the `product_id`. Only the ones asked for are ranked and labelled.
    public func topProducts(_ limit: Int? = nil) -> [Group] {
        abandonedProducts.leading(limit) { a, b in
            a.tally.abandonedValueCents != b.tally.abandonedValueCents
                ? a.tally.abandonedValueCents > b.tally.abandonedValueCents : a.productId < b.productId
        }.map { Group(label: String($0.productId), tally: $0.tally) }
    }

    /// Groups with an abandoned pair, by abandoned value, ties by label.
    private static func ranked(_ tallies: [Tally], label: (Int) -> String) -> [Group] {
        tallies.enumerated().filter { $0.element.abandonedPairs > 0 }.map {
            Group(label: label($0.offset), tally: $0.element)
        }.sorted { a, b in
            a.tally.abandonedValueCents != b.tally.abandonedValueCents
                ? a.tally.abandonedValueCents > b.tally.abandonedValueCents : a.label < b.label
        }
    }
}

/// A cart or purchase of one user, gathered to find the user's carted pairs.
struct PairEvent {
    var product: UInt32
    var time: UInt32
    var row: UInt32
    var isCart: Bool
    var brand: UInt32
}

/// One carted pair of a user and what it adds to the figures.
struct CartedPair {
    /// Time of the pair's first cart: its day is the pair's day.
    var firstCart: UInt32
    /// The pair's last cart (latest time, then latest row): its price, category (read from its
    /// row) and brand count.
    var lastCart: PairEvent
    var tally: CartAbandonment.Tally
}

extension CartAbandonment {
    /// Calls `body` with each carted pair among one user's carts and purchases (`events`, which
    /// it sorts), and returns whether any pair was abandoned. `price` gives an abandoned pair's
    /// last cart's price.
    static func forEachCartedPair(
        _ events: inout [PairEvent], price: (PairEvent) -> UInt32, _ body: (CartedPair) -> Void
    ) -> Bool {
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
                    tally.abandonedValueCents = Int64(price(last))
                    abandonedAny = true
                }
                body(CartedPair(firstCart: first, lastCart: last, tally: tally))
            }
            i = j
        }
        return abandonedAny
    }
}

extension CartAbandonment: Codable {
    private enum CodingKeys: String, CodingKey {
        case total, abandoningUsers, cartOnlyUsers, byDay, topCategories, topBrands
        case productIds, productCarted, productAbandoned, productValueCents
    }

    /// The products as four packed columns (``PackedIntegers``): a month has about 100,000 of
    /// them, and one object each made a saved view ten times larger and a second slower to read.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        total = try c.decode(Tally.self, forKey: .total)
        abandoningUsers = try c.decode(Int.self, forKey: .abandoningUsers)
        cartOnlyUsers = try c.decode(Int.self, forKey: .cartOnlyUsers)
        byDay = try c.decode([Day].self, forKey: .byDay)
        topCategories = try c.decode([Group].self, forKey: .topCategories)
        topBrands = try c.decode([Group].self, forKey: .topBrands)
        let ids = try c.decode(PackedIntegers<UInt64>.self, forKey: .productIds).values
        let carted = try c.decode(PackedIntegers<Int>.self, forKey: .productCarted).values
        let abandoned = try c.decode(PackedIntegers<Int>.self, forKey: .productAbandoned).values
        let value = try c.decode(PackedIntegers<Int64>.self, forKey: .productValueCents).values
        guard carted.count == ids.count, abandoned.count == ids.count, value.count == ids.count else {
            throw DecodingError.dataCorruptedError(
                forKey: .productIds, in: c, debugDescription: "the product columns differ in length")
        }
        abandonedProducts = ids.indices.map {
            ProductTally(
                productId: ids[$0],
                tally: Tally(cartedPairs: carted[$0], abandonedPairs: abandoned[$0], abandonedValueCents: value[$0]))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(total, forKey: .total)
        try c.encode(abandoningUsers, forKey: .abandoningUsers)
        try c.encode(cartOnlyUsers, forKey: .cartOnlyUsers)
        try c.encode(byDay, forKey: .byDay)
        try c.encode(topCategories, forKey: .topCategories)
        try c.encode(topBrands, forKey: .topBrands)
        try c.encode(PackedIntegers(abandonedProducts.map(\.productId)), forKey: .productIds)
        try c.encode(PackedIntegers(abandonedProducts.map(\.tally.cartedPairs)), forKey: .productCarted)
        try c.encode(PackedIntegers(abandonedProducts.map(\.tally.abandonedPairs)), forKey: .productAbandoned)
        try c.encode(PackedIntegers(abandonedProducts.map(\.tally.abandonedValueCents)), forKey: .productValueCents)
    }
}
