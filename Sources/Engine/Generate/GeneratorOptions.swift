/// What `ecomdash generate` makes.
public struct GeneratorOptions: Sendable {
    /// Rows to write, exactly.
    public var rows: Int
    public var seed: UInt64
    /// First day, as days since 1970-01-01 (default 2019-10-01, the dataset's first day).
    public var startDay: Int64
    /// Days the rows spread over.
    public var days: Int
    /// Users who burst — dozens of events within seconds, at a random time — to exercise the
    /// burst alerts; real shoppers never reach 10 events in 10 seconds. Their events count in `rows`.
    public var bots: Int

    public init(
        rows: Int, seed: UInt64 = 1, startDay: Int64 = UTCCalendar.days(year: 2019, month: 10, day: 1),
        days: Int = 31, bots: Int = 0
    ) {
        self.rows = rows
        self.seed = seed
        self.startDay = startDay
        self.days = days
        self.bots = bots
    }
}
