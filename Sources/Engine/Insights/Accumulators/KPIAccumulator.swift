/// The accumulators a period's key figures need: the daily totals and the carted pairs.
struct KPIAccumulator: InsightAccumulator {
    private(set) var daily = DailyAccumulator()
    private(set) var abandonment = AbandonmentAccumulator()

    var foldsUsers: Bool { true }

    func empty() -> Self { Self() }

    mutating func prepare(_ snapshot: EventSnapshot) { abandonment.prepare(snapshot) }

    @inline(__always)
    mutating func fold(_ chunk: EventChunk, _ i: Int, sign: Int) { daily.fold(chunk, i, sign: sign) }

    mutating func fold(user: UserRows, sign: Int) {
        daily.fold(user: user, sign: sign)
        abandonment.fold(user: user, sign: sign)
    }

    func widen(_ scope: inout UserScope, for row: UserRow) {
        daily.widen(&scope, for: row)
        abandonment.widen(&scope, for: row)
    }

    mutating func merge(_ o: KPIAccumulator) {
        daily.merge(o.daily)
        abandonment.merge(o.abandonment)
    }
}
