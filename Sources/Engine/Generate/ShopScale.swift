/// How many distinct users, sessions, products, brands and categories a generated file of a given
/// size holds, after the real October 2019 file.
///
/// The real month has 42,448,764 rows, 3.02 M users, 9.24 M sessions (4.6 events a session),
/// 166,794 products, 624 category ids and about 3,450 brands. Users and sessions grow with the
/// rows (a longer file is more visits); the catalog grows more slowly (a smaller file sees fewer of
/// a shop's products, a larger one adds new ones), as distinct values of a long-tailed draw do.
/// Benchmarks on data with fewer distinct keys flatter the dictionaries, so every size keeps these
/// ratios.
public struct ShopScale: Sendable {
    /// The real October file's figures.
    public static let realMonthRows = 42_448_764
    public static let realMonthUsers = 3_022_290
    public static let realMonthSessions = 9_244_421
    public static let realMonthProducts = 166_794
    public static let realMonthBrands = 3_444
    public static let realCategoryIds = 624

    /// Exponent of the catalog's growth with the rows (distinct values of a Zipf-like draw).
    static let catalogGrowth = 0.45

    public let rows: Int

    public init(rows: Int) { self.rows = rows }

    /// Sessions the generator aims for: about 4.6 events each.
    public var sessions: Int { max(1, Int(Double(rows) * Double(Self.realMonthSessions) / Double(Self.realMonthRows))) }

    /// Distinct users the generator aims for: about 14 events each.
    public var users: Int { max(1, Int(Double(rows) * Double(Self.realMonthUsers) / Double(Self.realMonthRows))) }

    /// The share of sessions that a first-time visitor opens; the others come back.
    var newVisitorShare: Double { min(1, Double(users) / Double(max(1, sessions))) }

    /// Products in the catalog.
    public var products: Int { max(300, Int(Double(Self.realMonthProducts) * catalogFactor)) }

    /// Brands in the catalog (the empty brand aside).
    public var brands: Int { max(60, Int(Double(Self.realMonthBrands) * catalogFactor)) }

    /// Category ids in the catalog: the real month's 624 from 100,000 rows up, fewer below so
    /// that a small file does not consist of categories with one product each.
    public var categoryIds: Int { min(Self.realCategoryIds, max(120, rows / 160)) }

    private var catalogFactor: Double {
        _pow(Double(max(rows, 1)) / Double(Self.realMonthRows), Self.catalogGrowth)
    }
}
