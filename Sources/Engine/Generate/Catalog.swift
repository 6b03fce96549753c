/// The shop the generator simulates: categories, brands and products shaped like the real data.
///
/// Facts it follows (from the dataset's published figures): `category_code` is empty for whole
/// categories (≈ 32 % of rows), `brand` for whole products (≈ 14 %); product → category and
/// category → code are functions; `electronics.smartphone` draws about a quarter of the events and
/// samsung, apple and xiaomi lead the brands; prices depend on the category and are heavy-tailed;
/// popularity is Zipf-like.
struct Catalog {
    struct Category {
        var id: UInt64
        var code: String
        var weight: Double
        var basePrice: Double
        var products: [Int] = []
        var productSampler = WeightedSampler([])
    }

    struct Product {
        var id: UInt64
        var category: Int
        var brand: Int  // index into brands; 0 is no brand
        var priceCents: Int
    }

    var categories: [Category] = []
    var brands: [String] = [""]
    var products: [Product] = []
    var categorySampler = WeightedSampler([])

    /// Codes and their share of events and typical price, after the real October 2019 file.
    private static let codes: [(String, Double, Double)] = [
        ("electronics.smartphone", 25, 300), ("electronics.audio.headphone", 2.5, 60), ("electronics.video.tv", 3, 420),
        ("electronics.clocks", 1.6, 150), ("electronics.tablet", 0.8, 250), ("electronics.audio.subwoofer", 0.3, 120),
        ("electronics.camera.video", 0.2, 400), ("electronics.telephone", 0.4, 30),
        ("electronics.audio.acoustic", 0.3, 90),
        ("electronics.camera.photo", 0.3, 500), ("electronics.video.projector", 0.1, 600),
        ("appliances.kitchen.washer", 2, 330), ("appliances.kitchen.refrigerators", 2.2, 520),
        ("appliances.environment.vacuum", 1.8, 170), ("appliances.kitchen.microwave", 0.5, 110),
        ("appliances.environment.water_heater", 0.6, 130), ("appliances.kitchen.kettle", 0.6, 30),
        ("appliances.iron", 0.5, 45),
        ("appliances.environment.air_conditioner", 0.6, 420), ("appliances.kitchen.hood", 0.4, 160),
        ("appliances.personal.hair_cutter", 0.3, 35), ("appliances.kitchen.blender", 0.4, 60),
        ("appliances.sewing_machine", 0.2, 180),
        ("computers.notebook", 3.2, 650), ("computers.desktop", 0.6, 700), ("computers.peripherals.printer", 0.4, 220),
        ("computers.components.videocards", 0.4, 380), ("computers.peripherals.monitor", 0.3, 210),
        ("computers.components.hdd", 0.2, 80), ("computers.peripherals.mouse", 0.3, 20),
        ("computers.peripherals.keyboard", 0.2, 30),
        ("furniture.living_room.sofa", 0.7, 520), ("furniture.bedroom.bed", 0.4, 330),
        ("furniture.living_room.cabinet", 0.3, 210),
        ("furniture.kitchen.table", 0.3, 150), ("furniture.bathroom.bath", 0.2, 260),
        ("apparel.shoes", 1.6, 70), ("apparel.shoes.keds", 0.6, 55), ("apparel.costume", 0.4, 65),
        ("apparel.trousers", 0.3, 40),
        ("apparel.jeans", 0.3, 45), ("apparel.shirt", 0.2, 25),
        ("auto.accessories.player", 0.4, 70), ("auto.accessories.videoregister", 0.3, 80),
        ("auto.accessories.alarm", 0.2, 110),
        ("auto.accessories.compressor", 0.1, 40),
        ("construction.tools.drill", 0.5, 90), ("construction.tools.saw", 0.2, 110),
        ("construction.tools.light", 0.2, 25),
        ("construction.components.faucet", 0.2, 75),
        ("kids.toys", 0.6, 35), ("kids.carriage", 0.3, 240), ("kids.skates", 0.2, 50), ("kids.swing", 0.1, 95),
        ("sport.bicycle", 0.4, 280), ("sport.tennis", 0.1, 40), ("sport.snowboard", 0.1, 230),
        ("sport.trainer", 0.2, 310),
        ("accessories.bag", 0.4, 45), ("accessories.wallet", 0.1, 30), ("accessories.umbrella", 0.1, 20),
        ("medicine.tools.tonometer", 0.1, 35), ("country_yard.lawn_mower", 0.1, 190),
        ("country_yard.cultivator", 0.05, 300),
        ("stationery.cartrige", 0.05, 30),
    ]

    /// Brands that lead smartphones and electronics in the real data, then other real names.
    private static let leadingBrands = [
        "samsung", "apple", "xiaomi", "huawei", "oppo", "lg", "sony", "lenovo", "acer", "asus", "hp", "bosch",
        "artel", "indesit", "elenberg", "vitek", "redmond", "philips", "nokian", "respect", "pioneer", "haier",
        "tefal", "lucente", "cordiant", "shiseido", "aqua", "polaris", "beko", "dell", "canon", "jbl", "midea",
    ]

    init(rows: Int, rng: inout SeededRandom) {
        let scale = ShopScale(rows: rows)
        let brandCount = scale.brands
        brands.append(contentsOf: Self.leadingBrands)
        let syllables = [
            "ka", "lo", "mi", "ter", "vo", "na", "rex", "sa", "tor", "li", "mar", "zen", "po", "dex", "ri", "gal",
        ]
        var seen = Set(brands)
        while brands.count <= brandCount {
            var name = ""
            for _ in 0..<(2 + rng.below(2)) { name += syllables[rng.below(syllables.count)] }
            if seen.insert(name).inserted { brands.append(name) }
        }
        // Category ids: several per code, and whole categories without a code (≈ 32 % of rows).
        var ids = Set<UInt64>()
        func newId() -> UInt64 {
            while true {
                let id = 2_053_013_550_000_000_000 + UInt64(rng.below(9_999_999_999))
                if ids.insert(id).inserted { return id }
            }
        }
        let codedShare = Self.codes.reduce(0) { $0 + $1.1 }
        for (code, share, price) in Self.codes {
            let parts = share > 2 ? 4 : share > 0.5 ? 2 : 1
            for _ in 0..<parts {
                categories.append(Category(id: newId(), code: code, weight: share / Double(parts), basePrice: price))
            }
        }
        let uncoded = max(20, scale.categoryIds - categories.count)
        for k in 0..<uncoded {
            let w = codedShare * 0.47 / Double(uncoded) * (k % 3 == 0 ? 2 : 0.5)
            categories.append(Category(id: newId(), code: "", weight: w, basePrice: 20 + rng.exponential(mean: 120)))
        }
        categorySampler = WeightedSampler(categories.map(\.weight))
        // Products: spread over categories by weight; a Zipf-popular list within each.
        let productCount = scale.products
        var productIds = Set<UInt64>()
        let brandSampler = WeightedSampler.zipf(brands.count - 1, exponent: 0.9)
        for _ in 0..<productCount {
            let c = categorySampler.sample(&rng)
            var id: UInt64
            repeat { id = UInt64(1_000_000 + rng.below(99_000_000)) } while !productIds.insert(id).inserted
            let brand: Int
            if categories[c].code == "electronics.smartphone" {
                let r = rng.unit()
                brand = r < 0.33 ? 1 : r < 0.63 ? 2 : r < 0.85 ? 3 : r < 0.94 ? 4 : 5
            } else if rng.unit() < 0.2 {
                brand = 0
            } else {
                brand = 1 + brandSampler.sample(&rng)
            }
            let price = rng.unit() < 0.0016 ? 0 : categories[c].basePrice * _exp(0.55 * rng.normal())
            let cents = min(257_407, max(0, Int((price * 100).rounded())))
            categories[c].products.append(products.count)
            products.append(Product(id: id, category: c, brand: brand, priceCents: cents))
        }
        for c in categories.indices where !categories[c].products.isEmpty {
            categories[c].productSampler = WeightedSampler.zipf(categories[c].products.count, exponent: 1.1)
        }
        // A category that drew no product takes no part.
        categorySampler = WeightedSampler(categories.map { $0.products.isEmpty ? 0 : $0.weight })
    }

    /// A product of category `c`, by popularity.
    @inline(__always)
    func product(in c: Int, _ rng: inout SeededRandom) -> Int {
        categories[c].products[categories[c].productSampler.sample(&rng)]
    }
}
