import Engine
import Foundation

/// The sections `report --format csv` can print, one table each. They are the JSON report's lists,
/// so both formats always carry the same figures.
public enum CSVSection: String, CaseIterable, Sendable {
    case visitorsPerDay = "visitors_per_day"
    case abandonment
    case abandonmentByDay = "abandonment_by_day"
    case abandonedCategories = "abandoned_categories"
    case abandonedBrands = "abandoned_brands"
    case abandonedProducts = "abandoned_products"
    case categoriesByHour = "categories_by_hour"
    case categoriesByWeekday = "categories_by_weekday"
    case brands
    case underExposedBrands = "under_exposed_brands"
    case alerts
    case anomalies

    /// Where the section's rows sit in the JSON report.
    var path: [String] {
        switch self {
        case .abandonment: ["abandonment"]
        case .abandonmentByDay: ["abandonment", "by_day"]
        case .abandonedCategories: ["abandonment", "top_categories"]
        case .abandonedBrands: ["abandonment", "top_brands"]
        case .abandonedProducts: ["abandonment", "top_products"]
        default: [rawValue]
        }
    }
}

extension ReportDocument {
    /// One section as CSV text: a header line, then a line per row.
    public func csv(_ section: CSVSection) -> String {
        var node = json
        for key in section.path { node = node.field(key) ?? .array([]) }
        let rows: [[(String, JSONValue)]]
        switch node {
        case .array(let items): rows = items.compactMap(\.flatFields)
        case .object: rows = node.flatFields.map { [$0] } ?? []
        default: rows = []
        }
        let header = rows.first?.map(\.0) ?? Self.emptyHeader(section)
        var out = header.map(CSVField.quoted).joined(separator: ",") + "\n"
        for r in rows {
            out += r.map { CSVField.quoted($0.1.plainText) }.joined(separator: ",") + "\n"
        }
        return out
    }

    private static func emptyHeader(_ s: CSVSection) -> [String] {
        switch s {
        case .alerts:
            [
                "user_id", "window_start", "count", "by_type.view", "by_type.cart", "by_type.remove_from_cart",
                "by_type.purchase",
            ]
        case .anomalies: ["hour", "metric", "value", "usual", "score", "direction"]
        default: []
        }
    }
}

extension JSONValue {
    func field(_ key: String) -> JSONValue? {
        if case .object(let f) = self { return f.first { $0.0 == key }?.1 }
        return nil
    }

    /// The scalar fields of an object — nested lists left out, nested objects spread out as
    /// `outer.inner` — or `nil` for other values.
    var flatFields: [(String, JSONValue)]? {
        guard case .object(let f) = self else { return nil }
        return f.flatMap { key, value -> [(String, JSONValue)] in
            switch value {
            case .array: return []
            case .object(let inner): return inner.map { ("\(key).\($0.0)", $0.1) }
            default: return [(key, value)]
            }
        }
    }

    /// A scalar as CSV text; a nested object as its JSON.
    var plainText: String {
        switch self {
        case .string(let s): s
        case .number(let n): n
        case .bool(let b): b ? "true" : "false"
        case .null: ""
        default: rendered()
        }
    }
}
