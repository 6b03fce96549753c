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

    /// Cents as a plain JSON/CSV number: `1234.56`.
    public static func plainMoney(cents: Int64) -> String {
        let sign = cents < 0 ? "-" : ""
        let m = cents.magnitude
        return sign + String(m / 100) + "." + twoDigits(Int(m % 100))
    }

    /// A ratio as a plain number with six decimals: `0.123457`.
    public static func plainRatio(_ v: Double) -> String { fixed(v, decimals: 6) }

    /// A ratio as a percent with two decimals: `12.35%`.
    public static func percent(_ v: Double) -> String { fixed(v * 100, decimals: 2) + "%" }

    /// `v` with a fixed number of decimals, rounded as printf rounds. Written by hand for speed
    /// (`String(format:)` costs microseconds a call, and reports format thousands of numbers);
    /// values within a hair of a tie go to printf, which rounds the exact binary value.
    public static func fixed(_ v: Double, decimals: Int) -> String {
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = abs(v) * scale
        let fraction = scaled - scaled.rounded(.down)
        guard scaled < 9e15, abs(fraction - 0.5) > 1e-6 else { return String(format: "%.\(decimals)f", v) }
        let n = UInt64(scaled.rounded())
        let sign = v < 0 && n > 0 ? "-" : ""
        guard decimals > 0 else { return sign + String(n) }
        let unit = UInt64(scale)
        let digits = String(n % unit)
        return sign + String(n / unit) + "." + String(repeating: "0", count: decimals - digits.count) + digits
    }

    /// A value that may be fractional (a median of counts): `12` or `12.5`.
    public static func plainNumber(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : String(v)
    }

    private static func twoDigits(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
}
