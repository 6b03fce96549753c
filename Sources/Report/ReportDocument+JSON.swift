import Engine

extension ReportDocument {
    /// The report as the JSON object docs/insights.md describes.
    public var json: JSONValue {
        let i = insights
        let a = i.abandonment
        let sections: [(String, JSONValue)] = [
            ("source", sourceJSON),
            (
                "visitors_per_day",
                .array(
                    i.visitors.days.map { d in
                        .object([
                            ("day", .string(d.day)), ("visitors", .int(d.visitors)), ("sessions", .int(d.sessions)),
                            ("events", .int(d.events)), ("purchases", .int(d.purchases)),
                            ("revenue", .number(NumberFormat.plainMoney(cents: d.revenueCents))),
                        ])
                    })
            ),
            (
                "abandonment",
                .object([
                    ("carted_pairs", .int(a.total.cartedPairs)),
                    ("abandoned_pairs", .int(a.total.abandonedPairs)),
                    ("abandonment_rate", .number(NumberFormat.plainRatio(a.total.rate))),
                    ("abandoned_value", .number(NumberFormat.plainMoney(cents: a.total.abandonedValueCents))),
                    ("abandoning_users", .int(a.abandoningUsers)),
                    ("cart_only_users", .int(a.cartOnlyUsers)),
                    ("by_day", .array(a.byDay.map { d in .object([("day", .string(d.day))] + Self.tally(d.tally)) })),
                    (
                        "top_categories",
                        .array(
                            limited(a.topCategories).map { g in
                                .object([("category", .string(g.label))] + Self.tally(g.tally))
                            })
                    ),
                    (
                        "top_brands",
                        .array(
                            limited(a.topBrands).map { g in .object([("brand", .string(g.label))] + Self.tally(g.tally))
                            })
                    ),
                    (
                        "top_products",
                        .array(
                            a.topProducts(top).map { g in
                                .object([("product_id", .number(g.label))] + Self.tally(g.tally))
                            })
                    ),
                ])
            ),
            (
                "categories_by_hour",
                .array(
                    rankedCategories.flatMap { c in
                        c.byHour.enumerated().filter { $0.element.events > 0 }.map { h in
                            .object(
                                [("category", .string(c.label)), ("hour", .int(h.offset))] + Self.counts(h.element))
                        }
                    })
            ),
            (
                "categories_by_weekday",
                .array(
                    rankedCategories.flatMap { c in
                        c.byWeekday.enumerated().filter { $0.element.events > 0 }.map { w in
                            .object(
                                [("category", .string(c.label)), ("weekday", .int(w.offset + 1))]
                                    + Self.counts(w.element))
                        }
                    })
            ),
            ("brands", .array(limited(i.brands.brands).map(Self.brand))),
            (
                "brand_medians",
                .object([
                    ("min_views", .int(i.brands.minViews)),
                    ("eligible_brands", .int(i.brands.eligibleBrands)),
                    ("median_conversion", .number(NumberFormat.plainRatio(i.brands.medianConversion))),
                    ("median_visitors", .number(NumberFormat.plainNumber(i.brands.medianVisitors))),
                ])
            ),
            ("under_exposed_brands", .array(limited(i.brands.underExposed).map(Self.brand))),
            ("alerts", .array(limited(i.bursts.alerts).map(Self.alert))),
        ]
        let anomalySection = anomalies.map { [("anomalies", JSONValue.array($0.anomalies.map(Self.anomaly)))] } ?? []
        let comparisonSection = comparison.map { [("comparison", Self.comparisonJSON($0))] } ?? []
        return .object(sections + anomalySection + comparisonSection)
    }

    /// One anomalous hour: revenue in money (the usual level rounded half up to the cent), counts
    /// as numbers; `direction` says which side of the usual level.
    private static func anomaly(_ a: HourlyAnomalies.Anomaly) -> JSONValue {
        let money = a.metric == .revenue
        return .object([
            ("hour", .string(UTCCalendar.isoString(seconds: a.hour))),
            ("metric", .string(a.metric.name)),
            ("value", .number(money ? NumberFormat.plainMoney(cents: a.value) : String(a.value))),
            (
                "usual",
                .number(
                    money
                        ? NumberFormat.plainMoney(cents: Int64(a.usual.rounded(.toNearestOrAwayFromZero)))
                        : NumberFormat.plainNumber(a.usual))
            ),
            ("score", .number(NumberFormat.fixed(a.score, decimals: 2))),
            ("direction", .string(a.score > 0 ? "above" : "below")),
        ])
    }

    /// `comparison`: the two periods and, per KPI, `{current, previous, change}` (change relative,
    /// null when the previous period had none).
    private static func comparisonJSON(_ c: PeriodComparison) -> JSONValue {
        func time(_ t: Int64?) -> JSONValue { t.map { .string(UTCCalendar.isoString(seconds: $0)) } ?? .null }
        func entry(_ current: JSONValue, _ previous: JSONValue, _ cv: Double, _ pv: Double) -> JSONValue {
            .object([
                ("current", current), ("previous", previous),
                ("change", PeriodComparison.change(cv, pv).map { .number(NumberFormat.plainRatio($0)) } ?? .null),
            ])
        }
        func count(_ k: KeyPath<PeriodKPIs, Int>) -> JSONValue {
            let (a, b) = (c.currentKPIs[keyPath: k], c.previousKPIs[keyPath: k])
            return entry(.int(a), .int(b), Double(a), Double(b))
        }
        func ratio(_ k: KeyPath<PeriodKPIs, Double>) -> JSONValue {
            let (a, b) = (c.currentKPIs[keyPath: k], c.previousKPIs[keyPath: k])
            return entry(.number(NumberFormat.plainRatio(a)), .number(NumberFormat.plainRatio(b)), a, b)
        }
        let (ra, rb) = (c.currentKPIs.revenueCents, c.previousKPIs.revenueCents)
        return .object([
            ("current_from", time(c.current.from)), ("current_to", time(c.current.to)),
            ("previous_from", time(c.previous.from)), ("previous_to", time(c.previous.to)),
            (
                "kpis",
                .object([
                    ("events", count(\.events)), ("visitors", count(\.visitors)), ("sessions", count(\.sessions)),
                    ("purchases", count(\.purchases)),
                    (
                        "revenue",
                        entry(
                            .number(NumberFormat.plainMoney(cents: ra)), .number(NumberFormat.plainMoney(cents: rb)),
                            Double(ra), Double(rb))
                    ),
                    ("conversion", ratio(\.conversion)), ("abandonment_rate", ratio(\.abandonmentRate)),
                ])
            ),
        ])
    }

    private var sourceJSON: JSONValue {
        .object([
            ("files", .array(source.inputs.map { .string($0) })),
            ("rows", .int(source.rows)),
            ("rejected", .int(source.rejected)),
            ("rejects_file", source.rejectsPath.map { .string($0) } ?? .null),
            ("from", source.window.from.map { .string(UTCCalendar.isoString(seconds: $0)) } ?? .null),
            ("to", source.window.to.map { .string(UTCCalendar.isoString(seconds: $0)) } ?? .null),
            ("category_level", source.categoryLevelJSON(options.categoryLevel)),
            ("rank_categories_by", .string(options.rankCategoriesBy.rawValue)),
            (
                "burst_rule",
                .object([
                    ("window_seconds", .int(Int(options.burst.windowSeconds))),
                    ("active_over", .int(options.burst.activeOver)),
                    ("alert_over", .int(options.burst.alertOver)),
                ])
            ),
        ])
    }

    private static func tally(_ t: CartAbandonment.Tally) -> [(String, JSONValue)] {
        [
            ("carted_pairs", .int(t.cartedPairs)), ("abandoned_pairs", .int(t.abandonedPairs)),
            ("abandonment_rate", .number(NumberFormat.plainRatio(t.rate))),
            ("abandoned_value", .number(NumberFormat.plainMoney(cents: t.abandonedValueCents))),
        ]
    }

    private static func counts(_ c: ActivityCounts) -> [(String, JSONValue)] {
        [
            ("events", .int(c.events)), ("views", .int(c.views)), ("carts", .int(c.carts)),
            ("purchases", .int(c.purchases)), ("revenue", .number(NumberFormat.plainMoney(cents: c.revenueCents))),
        ]
    }

    private static func alert(_ a: BurstAlert) -> JSONValue {
        .object([
            ("user_id", .number(String(a.userId))),
            ("window_start", .string(UTCCalendar.isoString(seconds: a.windowStart))),
            ("count", .int(a.count)),
            ("by_type", .object(EventType.allCases.map { ($0.name, .int(a.byType[Int($0.rawValue)])) })),
        ])
    }

    private static func brand(_ b: BrandMarketing.Brand) -> JSONValue {
        .object([
            ("brand", .string(b.label)), ("views", .int(b.counts.views)), ("carts", .int(b.counts.carts)),
            ("purchases", .int(b.counts.purchases)),
            ("revenue", .number(NumberFormat.plainMoney(cents: b.counts.revenueCents))),
            ("visitors", .int(b.visitors)), ("buyers", .int(b.buyers)),
            ("conversion", .number(NumberFormat.plainRatio(b.conversion))),
            ("cart_rate", .number(NumberFormat.plainRatio(b.cartRate))),
            ("under_exposed", .bool(b.underExposed)),
            ("opportunity", .number(NumberFormat.plainMoney(cents: b.opportunityCents))),
        ])
    }
}

extension ReportSource {
    fileprivate func categoryLevelJSON(_ level: Int?) -> JSONValue { level.map { .int($0) } ?? .null }
}
