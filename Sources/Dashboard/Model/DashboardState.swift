import Engine
import Foundation

/// The screens, in tab order. Each names the type that draws it (``DashboardPanel``); everything
/// else about a panel — its titles, keys, list and export — is asked of that type.
public enum PanelKind: Int, CaseIterable, Sendable {
    case overview, visitors, abandonment, categories, brands, live

    var panel: any DashboardPanel.Type {
        switch self {
        case .overview: OverviewPanel.self
        case .visitors: VisitorsPanel.self
        case .abandonment: AbandonmentPanel.self
        case .categories: CategoriesPanel.self
        case .brands: BrandsPanel.self
        case .live: LivePanel.self
        }
    }

    public var title: String { panel.title }
    public var shortTitle: String { panel.shortTitle }
    /// Its place in the tab bar and its number key, from 1.
    public var number: Int { rawValue + 1 }

    /// The panel a config file names for `default_panel`: its number, its title or its case name.
    public static func named(_ s: String) -> PanelKind? {
        if let n = Int(s) { return allCases.first { $0.number == n } }
        return allCases.first { $0.title.lowercased() == s.lowercased() || "\($0)" == s.lowercased() }
    }
}

/// Columns the Brands table sorts by.
public enum BrandColumn: Int, CaseIterable, Sendable {
    case views, carts, purchases, revenue, visitors, buyers, conversion, cartRate, opportunity

    public var title: String {
        switch self {
        case .views: "views"
        case .carts: "carts"
        case .purchases: "purch"
        case .revenue: "revenue"
        case .visitors: "visitors"
        case .buyers: "buyers"
        case .conversion: "conv"
        case .cartRate: "cart"
        case .opportunity: "opportunity"
        }
    }

    /// Which give way first on a narrow screen (``TableView/Column/dropOrder``).
    var dropOrder: Int {
        switch self {
        case .views, .conversion, .cartRate, .opportunity: 0
        case .visitors: 1
        case .purchases: 2
        case .revenue: 3
        case .carts, .buyers: 4
        }
    }

    func value(_ b: BrandMarketing.Brand) -> Double {
        switch self {
        case .views: Double(b.counts.views)
        case .carts: Double(b.counts.carts)
        case .purchases: Double(b.counts.purchases)
        case .revenue: Double(b.counts.revenueCents)
        case .visitors: Double(b.visitors)
        case .buyers: Double(b.buyers)
        case .conversion: b.conversion
        case .cartRate: b.cartRate
        case .opportunity: Double(b.opportunityCents)
        }
    }
}

/// Everything the user has chosen on screen. Pure data: the app changes it on keys, the
/// renderer draws it.
public struct DashboardState: Equatable, Sendable {
    public var panel = PanelKind.overview
    /// Selected row of each panel's main list.
    public var selection: [PanelKind: Int] = [:]
    public var brandSort = BrandColumn.views
    public var descending = true
    public var byWeekday = false
    public var metric = ActivityMetric.views
    /// Category level; nil shows whole codes.
    public var level: Int?
    public var showHelp = false
    public var filter = DashboardFilter()
    public var editor: FilterEditor?
    /// The events of the user behind the selected alert (Enter on the Live panel's alert list).
    public var userEvents: UserEvents?
    /// The first of the user's events shown, when they do not all fit (↑ ↓ scroll them).
    public var userEventsOffset = 0
    public var paused = false
    /// What the key figures are compared with; nil hides the change.
    public var baseline: PeriodComparison.Baseline? = .previousPeriod
    public var themeName = "default"

    public init() {}

    public var selected: Int { selection[panel] ?? 0 }
}

/// The filter form the `/` key opens: five fields edited in place.
public struct FilterEditor: Equatable, Sendable {
    public enum Field: Int, CaseIterable, Sendable {
        case time, from, to, category, brand, type

        public var label: String {
            switch self {
            case .time: "time"
            case .from: "from"
            case .to: "to"
            case .category: "category"
            case .brand: "brand"
            case .type: "event type"
            }
        }
    }

    public var field = Field.time
    public var preset: DashboardFilter.TimePreset
    public var from: String
    public var to: String
    public var category: String
    public var brand: String
    public var type: EventType?
    public var error: String?

    public init(_ f: DashboardFilter) {
        preset = f.preset
        from = f.window.from.map(UTCCalendar.datasetString) ?? ""
        to = f.window.to.map(UTCCalendar.datasetString) ?? ""
        category = f.categoryPrefix ?? ""
        brand = f.brand ?? ""
        type = f.eventType
    }

    /// The filter the form describes, or a message saying which field is wrong.
    public func filter() -> Result<DashboardFilter, FilterFormError> {
        var f = DashboardFilter()
        f.preset = preset
        if preset == .fixed {
            let start = from.isEmpty ? nil : UTCCalendar.parseInstant(from)
            let end = to.isEmpty ? nil : UTCCalendar.parseInstant(to)
            if !from.isEmpty, start == nil { return .failure(FilterFormError(message: "from: not a UTC time")) }
            if !to.isEmpty, end == nil { return .failure(FilterFormError(message: "to: not a UTC time")) }
            if let s = start, let e = end, s >= e {
                return .failure(FilterFormError(message: "from must be before to"))
            }
            f.window = TimeWindow(from: start, to: end)
        }
        f.categoryPrefix = category.isEmpty ? nil : category
        f.brand = brand.isEmpty ? nil : brand
        f.eventType = type
        return .success(f)
    }

    /// The form's lines for the overlay; the current field marked.
    public var lines: [String] {
        Field.allCases.map { field in
            let value: String
            switch field {
            case .time: value = "‹ \(preset.rawValue) ›"
            case .from: value = from + (self.field == .from ? "_" : "")
            case .to: value = to + (self.field == .to ? "_" : "")
            case .category: value = category + (self.field == .category ? "_" : "")
            case .brand: value = brand + (self.field == .brand ? "_" : "")
            case .type: value = "‹ \(type?.name ?? "any") ›"
            }
            return (field == self.field ? "▸ " : "  ") + field.label.padding(toLength: 11, withPad: " ", startingAt: 0)
                + value
        } + ["", error ?? "Tab/↑↓ field · ←→ choose · type to edit · Enter apply · Esc cancel"]
    }
}

public struct FilterFormError: Error, Equatable, Sendable {
    public var message: String
}
