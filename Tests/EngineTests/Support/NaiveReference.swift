import Foundation

@testable import Engine

/// The insights of docs/insights.md computed the obvious way: strings, dictionaries and sets, one row
/// at a time, sharing nothing with the engine but the definitions — its times come from
/// Foundation's calendar, its labels from its own split. Slow and plainly right.
/// Reads unquoted CSV (what the generator writes).
struct NaiveReference {
    struct Row {
        var index: Int
        var time: Int64
        var type: String
        var product: String
        var category: String
        var brand: String
        var cents: Int64
        var user: String
        var session: String
    }

    var rows: [Row] = []

    init(csv path: String, window: TimeWindow, level: Int?) throws {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        for (i, line) in text.split(separator: "\n").dropFirst().enumerated() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            let t = Self.seconds(f[0])
            if let from = window.from, t < from { continue }
            if let to = window.to, t >= to { continue }
            let parts = f[6].split(separator: ".")
            let cents =
                Int64(parts[0])! * 100
                + (parts.count > 1 ? Int64(parts[1].padding(toLength: 2, withPad: "0", startingAt: 0))! : 0)
            rows.append(
                Row(
                    index: i, time: t, type: f[1], product: f[2], category: Self.label(f[4], level: level),
                    brand: f[5].isEmpty ? "(none)" : f[5], cents: cents, user: f[7], session: f[8]))
        }
    }

    static func day(_ t: Int64) -> String {
        let c = calendar.dateComponents([.year, .month, .day], from: Date(timeIntervalSince1970: TimeInterval(t)))
        return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
    }

    /// ISO weekday, 1 = Monday … 7 = Sunday.
    static func isoWeekday(_ t: Int64) -> Int {
        let sundayFirst = calendar.component(.weekday, from: Date(timeIntervalSince1970: TimeInterval(t)))
        return sundayFirst == 1 ? 7 : sundayFirst - 1
    }

    static let calendar: Calendar = {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = TimeZone(identifier: "UTC")!
        return c
    }()

    /// Epoch seconds of `YYYY-MM-DD HH:MM:SS UTC`.
    static func seconds(_ text: String) -> Int64 {
        let n = text.prefix(19).split(whereSeparator: { "- :".contains($0) }).map { Int($0)! }
        let date = calendar.date(
            from: DateComponents(year: n[0], month: n[1], day: n[2], hour: n[3], minute: n[4], second: n[5]))!
        return Int64(date.timeIntervalSince1970)
    }

    /// A category code cut to its first `level` dot-separated parts; `(none)` when empty.
    static func label(_ code: String, level: Int?) -> String {
        if code.isEmpty { return "(none)" }
        guard let level, level > 0 else { return code }
        return code.components(separatedBy: ".").prefix(level).joined(separator: ".")
    }

    var visitorsPerDay: [VisitorsPerDay.Day] {
        var users: [String: Set<String>] = [:]
        var sessions: [String: Set<String>] = [:]
        var events: [String: Int] = [:]
        var purchases: [String: Int] = [:]
        var revenue: [String: Int64] = [:]
        for r in rows {
            let d = Self.day(r.time)
            users[d, default: []].insert(r.user)
            if !r.session.isEmpty { sessions[d, default: []].insert(r.session) }
            events[d, default: 0] += 1
            if r.type == "purchase" {
                purchases[d, default: 0] += 1
                revenue[d, default: 0] += r.cents
            }
        }
        return events.keys.sorted().map { d in
            VisitorsPerDay.Day(
                day: d, visitors: users[d]!.count, sessions: sessions[d]?.count ?? 0, events: events[d]!,
                purchases: purchases[d] ?? 0, revenueCents: revenue[d] ?? 0)
        }
    }

    struct Abandonment: Equatable {
        var carted = 0
        var abandoned = 0
        var value: Int64 = 0
        var abandoningUsers = 0
        var cartOnlyUsers = 0
        var byDay: [String: (Int, Int, Int64)] = [:]
        var byCategory: [String: Int64] = [:]
        var byBrand: [String: Int64] = [:]

        static func == (a: Abandonment, b: Abandonment) -> Bool {
            a.carted == b.carted && a.abandoned == b.abandoned && a.value == b.value
                && a.abandoningUsers == b.abandoningUsers && a.cartOnlyUsers == b.cartOnlyUsers
                && a.byDay.mapValues { [$0.0, $0.1, Int($0.2)] } == b.byDay.mapValues { [$0.0, $0.1, Int($0.2)] }
                && a.byCategory == b.byCategory && a.byBrand == b.byBrand
        }
    }

    var abandonment: Abandonment {
        struct Pair: Hashable { var user: String; var product: String }
        var firstCart: [Pair: Int64] = [:]
        var lastCart: [Pair: Row] = [:]
        var lastPurchase: [Pair: Int64] = [:]
        var carters = Set<String>()
        var buyers = Set<String>()
        for r in rows {
            let p = Pair(user: r.user, product: r.product)
            if r.type == "cart" {
                carters.insert(r.user)
                firstCart[p] = min(firstCart[p] ?? .max, r.time)
                if let l = lastCart[p], (l.time, l.index) > (r.time, r.index) {} else { lastCart[p] = r }
            } else if r.type == "purchase" {
                buyers.insert(r.user)
                lastPurchase[p] = max(lastPurchase[p] ?? .min, r.time)
            }
        }
        var a = Abandonment()
        var abandoningUsers = Set<String>()
        for (p, first) in firstCart {
            let last = lastCart[p]!
            let isAbandoned = !((lastPurchase[p] ?? .min) >= first)
            a.carted += 1
            let d = Self.day(first)
            var day = a.byDay[d] ?? (0, 0, 0)
            day.0 += 1
            if isAbandoned {
                a.abandoned += 1
                a.value += last.cents
                abandoningUsers.insert(p.user)
                day.1 += 1
                day.2 += last.cents
                a.byCategory[last.category, default: 0] += last.cents
                a.byBrand[last.brand, default: 0] += last.cents
            }
            a.byDay[d] = day
        }
        a.abandoningUsers = abandoningUsers.count
        a.cartOnlyUsers = carters.subtracting(buyers).count
        return a
    }

    /// (category, hour or weekday) → counts.
    func categoryCells(byHour: Bool) -> [String: ActivityCounts] {
        var cells: [String: ActivityCounts] = [:]
        for r in rows {
            let slot = byHour ? Int(r.time % 86_400 / 3600) : Self.isoWeekday(r.time)
            cells["\(r.category)|\(slot)", default: ActivityCounts()].add(r.type, r.cents)
        }
        return cells
    }

    struct Brand: Equatable {
        var counts = ActivityCounts()
        var visitors = Set<String>()
        var buyers = Set<String>()
    }

    var brands: [String: Brand] {
        var b: [String: Brand] = [:]
        for r in rows {
            b[r.brand, default: Brand()].counts.add(r.type, r.cents)
            b[r.brand]!.visitors.insert(r.user)
            if r.type == "purchase" { b[r.brand]!.buyers.insert(r.user) }
        }
        return b
    }

    /// Under-exposed brand labels, by the rule, with their medians.
    func underExposed(minViews: Int) -> (Set<String>, Double, Double) {
        let eligible = brands.filter { $0.value.counts.views >= minViews && $0.key != "(none)" }
        func median(_ v: [Double]) -> Double {
            let s = v.sorted()
            if s.isEmpty { return 0 }
            return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
        }
        let conv = { (b: Brand) in Double(b.counts.purchases) / Double(b.counts.views) }
        let mc = median(eligible.values.map(conv))
        let mv = median(eligible.values.map { Double($0.visitors.count) })
        return (Set(eligible.filter { conv($0.value) >= mc && Double($0.value.visitors.count) <= mv }.keys), mc, mv)
    }
}

extension ActivityCounts {
    mutating func add(_ type: String, _ cents: Int64) {
        events += 1
        switch type {
        case "view": views += 1
        case "cart": carts += 1
        case "purchase":
            purchases += 1
            revenueCents += cents
        default: break
        }
    }
}
