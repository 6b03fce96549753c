import Engine

/// The one filter every panel obeys, shown in the status bar: a time window (relative to the
/// latest event, or fixed), a category prefix, a brand and an event type.
public struct DashboardFilter: Equatable, Sendable, Codable {
    public enum TimePreset: String, CaseIterable, Sendable, Codable {
        case all = "whole range"
        case lastDay = "last day"
        case lastHour = "last hour"
        case fixed = "from–to"
    }

    public var preset: TimePreset = .all
    /// With `.fixed`: the window the user typed (or that came from `--from`/`--to`).
    public var window = TimeWindow.all
    public var categoryPrefix: String?
    public var brand: String?
    public var eventType: EventType?

    public init() {}

    public var isEmpty: Bool { self == DashboardFilter() }

    /// Whether the window moves with the latest event ("last day", "last hour"): its figures
    /// cannot be kept up to date row by row, since rows leave it as time goes on.
    public var slidesWithData: Bool { preset == .lastDay || preset == .lastHour }

    /// The insight options for data whose latest event is at `latest` (epoch seconds).
    public func options(base: InsightOptions, latest: Int64) -> InsightOptions {
        var o = base
        switch preset {
        case .all: o.window = base.window
        case .lastDay: o.window = TimeWindow(from: latest + 1 - 86_400, to: nil)
        case .lastHour: o.window = TimeWindow(from: latest + 1 - 3_600, to: nil)
        case .fixed: o.window = window
        }
        o.categoryPrefix = categoryPrefix
        o.brand = brand
        o.eventType = eventType
        return o
    }

    /// One line for the status bar. `base` is the window `--from`/`--to` asked for: the whole
    /// range is that window, and says so.
    public func summary(within base: TimeWindow = .all) -> String {
        func range(_ w: TimeWindow) -> String {
            "\(w.from.map(UTCCalendar.isoString) ?? "start") → \(w.to.map(UTCCalendar.isoString) ?? "end")"
        }
        var parts: [String] = []
        switch preset {
        case .fixed: parts.append(range(window))
        case .all where base != .all: parts.append(range(base))
        default: parts.append(preset.rawValue)
        }
        if let c = categoryPrefix { parts.append("category \(c)") }
        if let b = brand { parts.append("brand \(b)") }
        if let t = eventType { parts.append("type \(t.name)") }
        return parts.joined(separator: " · ")
    }
}
