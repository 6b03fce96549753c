/// What the user chose to look at: the window, the dashboard's filter, and the knobs of each
/// insight.
public struct InsightOptions: Sendable, Equatable, Codable {
    public var window: TimeWindow
    /// Category codes are cut to this many dot-separated parts; `nil` keeps them whole.
    public var categoryLevel: Int?
    /// Brands need this many views to take part in the marketing signal.
    public var minViews: Int
    /// The metric that ranks categories.
    public var rankCategoriesBy: ActivityMetric
    /// Only rows whose `category_code` is this code or under it (`(none)`: rows without one).
    public var categoryPrefix: String?
    /// Only rows of this brand (`(none)`: rows without one).
    public var brand: String?
    /// Only rows of this event type.
    public var eventType: EventType?
    /// The burst rule of insight 5.
    public var burst: BurstRule

    public init(
        window: TimeWindow = .all, categoryLevel: Int? = nil, minViews: Int = 100,
        rankCategoriesBy: ActivityMetric = .views, categoryPrefix: String? = nil, brand: String? = nil,
        eventType: EventType? = nil, burst: BurstRule = BurstRule()
    ) {
        self.burst = burst
        self.window = window
        self.categoryLevel = categoryLevel
        self.minViews = minViews
        self.rankCategoriesBy = rankCategoriesBy
        self.categoryPrefix = categoryPrefix
        self.brand = brand
        self.eventType = eventType
    }
}

/// The five insights of one snapshot, folded together (``InsightSet``) so they share one pass over
/// the rows and one grouping by user. The dashboard and `report` both show exactly these values.
public struct Insights: Sendable, Codable {
    public var visitors: VisitorsPerDay
    public var abandonment: CartAbandonment
    public var categories: CategoryActivity
    public var brands: BrandMarketing
    public var bursts: BurstAlerts

    init(
        visitors: VisitorsPerDay, abandonment: CartAbandonment, categories: CategoryActivity, brands: BrandMarketing,
        bursts: BurstAlerts
    ) {
        self.visitors = visitors
        self.abandonment = abandonment
        self.categories = categories
        self.brands = brands
        self.bursts = bursts
    }

    public init(_ snapshot: EventSnapshot, options: InsightOptions) {
        self = InsightFolding.fold(snapshot, options: options, into: InsightSet(options: options)).insights(snapshot)
    }
}

/// Everything one fold of a filter gives: the five insights, the hourly series and the window's
/// totals — what the report prints and the dashboard's panels show.
public struct FoldedInsights: Sendable {
    public var insights: Insights
    /// Hourly activity over the window's part of the data.
    public var hourly: ActivitySeries
    public var totals: WindowTotals
    /// The window's key figures (the dashboard's tiles), equal to `PeriodKPIs(snapshot, options:)`
    /// for the same rows: a tile comparing this very window needs no fold of its own.
    public var kpis: PeriodKPIs

    init(_ snapshot: EventSnapshot, _ set: InsightSet, window: TimeWindow, activeWindows: Int? = nil) {
        insights = set.insights(snapshot, activeWindows: activeWindows)
        hourly = set.hourlySeries(snapshot, window: window)
        totals = set.totals
        kpis = PeriodKPIs(daily: set.daily, abandonment: set.abandonment)
    }

    /// Folds every row `options` keep, on every core.
    public init(_ snapshot: EventSnapshot, options: InsightOptions) {
        self.init(
            snapshot, InsightFolding.fold(snapshot, options: options, into: InsightSet(options: options)),
            window: options.window)
    }

    /// Folds every row `options` keep, on every core; nil as soon as `cancelled` returns true.
    /// With `activeWindows`, the bursts list only the last so many windows with active users.
    public init?(
        _ snapshot: EventSnapshot, options: InsightOptions, activeWindows: Int? = nil,
        cancelled: @escaping () -> Bool
    ) {
        guard
            let set = InsightFolding.fold(
                snapshot, filter: RowPredicate(snapshot, options: options), into: InsightSet(options: options),
                cancelled: cancelled)
        else { return nil }
        self.init(snapshot, set, window: options.window, activeWindows: activeWindows)
    }
}
