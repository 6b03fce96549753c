/// What the user chose to look at: the window and the knobs of each insight.
public struct InsightOptions: Sendable, Equatable {
    public var window: TimeWindow
    /// Category codes are cut to this many dot-separated parts; `nil` keeps them whole.
    public var categoryLevel: Int?
    /// Brands need this many views to take part in the marketing signal.
    public var minViews: Int
    /// The metric that ranks categories.
    public var rankCategoriesBy: ActivityMetric

    public init(
        window: TimeWindow = .all, categoryLevel: Int? = nil, minViews: Int = 100,
        rankCategoriesBy: ActivityMetric = .views
    ) {
        self.window = window
        self.categoryLevel = categoryLevel
        self.minViews = minViews
        self.rankCategoriesBy = rankCategoriesBy
    }
}

/// All four batch insights of one snapshot, computed together so they share one grouping of the
/// rows by user. The dashboard and `report` both show exactly these values.
public struct Insights: Sendable {
    public var visitors: VisitorsPerDay
    public var abandonment: CartAbandonment
    public var categories: CategoryActivity
    public var brands: BrandMarketing

    public init(_ snapshot: EventSnapshot, options: InsightOptions) {
        let window = options.window
        let grouping = UserGrouping(snapshot, window: window)
        visitors = VisitorsPerDay(snapshot, window: window, grouping: grouping)
        abandonment = CartAbandonment(snapshot, window: window, level: options.categoryLevel, grouping: grouping)
        categories = CategoryActivity(
            snapshot, window: window, level: options.categoryLevel,
            metric: options.rankCategoriesBy)
        brands = BrandMarketing(snapshot, window: window, minViews: options.minViews, grouping: grouping)
    }
}
