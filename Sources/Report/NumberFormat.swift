import Foundation

/// How numbers read in reports: thousands separators, money with two decimals, rates as percents.
public enum NumberFormat {
    /// `1234567` → `1,234,567`.
    public static func grouped(_ v: Int) -> String {
        let digits = String(v.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return v < 0 ? "-" + out : out
    }

    /// Cents as `1,234.56`.
    public static func money(cents: Int64) -> String {
        let sign = cents < 0 ? "-" : ""
        let m = cents.magnitude
        return sign + grouped(Int(m / 100)) + "." + twoDigits(Int(m % 100))
    }

    /// A currency amount (Double) as `1,234.56`.
    public static func money(_ v: Double) -> String { money(cents: Int64((v * 100).rounded())) }

    /// Cents as a plain JSON/CSV number: `1234.56`.
    public static func plainMoney(cents: Int64) -> String {
        let sign = cents < 0 ? "-" : ""
        let m = cents.magnitude
        return sign + String(m / 100) + "." + twoDigits(Int(m % 100))
    }

    /// A ratio as a plain number with six decimals: `0.123457`.
    public static func plainRatio(_ v: Double) -> String { String(format: "%.6f", v) }

    /// A ratio as a percent with two decimals: `12.35%`.
    public static func percent(_ v: Double) -> String { String(format: "%.2f%%", v * 100) }

    /// A value that may be fractional (a median of counts): `12` or `12.5`.
    public static func plainNumber(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : String(v)
    }

    private static func twoDigits(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
}
