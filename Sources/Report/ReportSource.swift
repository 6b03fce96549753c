import Engine

/// What a report was computed from: the inputs, how many rows were read and rejected, the window.
public struct ReportSource: Sendable {
    public var inputs: [String]
    public var rows: Int
    public var rejected: Int
    public var window: TimeWindow
    /// Where rejected rows were written, if any were.
    public var rejectsPath: String?

    public init(inputs: [String], rows: Int, rejected: Int, window: TimeWindow, rejectsPath: String? = nil) {
        self.inputs = inputs
        self.rows = rows
        self.rejected = rejected
        self.window = window
        self.rejectsPath = rejectsPath
    }
}

/// Everything one report shows: the source and the insights, with the user's list limit.
public struct ReportDocument: Sendable {
    public var source: ReportSource
    public var insights: Insights
    public var options: InsightOptions
    /// Longest list in any section; `nil` means complete lists.
    public var top: Int?
    /// The period compared with the one before it (`report --compare`), if asked.
    public var comparison: PeriodComparison?
    /// The key figures of the whole window, for the HTML page's tiles.
    public var kpis: PeriodKPIs?
    /// Hours that stray from their hour of the day's usual level (the `anomalies` section).
    public var anomalies: HourlyAnomalies?

    public init(source: ReportSource, insights: Insights, options: InsightOptions, top: Int?) {
        self.source = source
        self.insights = insights
        self.options = options
        self.top = top
    }

    func limited<T>(_ list: [T]) -> ArraySlice<T> { list.prefix(top ?? list.count) }

    /// Categories that the by-hour and by-weekday sections list, in rank order.
    var rankedCategories: ArraySlice<CategoryActivity.Category> { limited(insights.categories.categories) }
}
