/// Burst windows on arrival time (`txn_timestamp`, the time each record was appended) over a
/// stream: every event counted as it is read, and windows closed by the stream's arrival watermark
/// after each poll — the least, over the shards still catching up, of the newest arrival read.
///
/// Shards are read one after another, a few megabytes at a time, so the newest arrival seen runs
/// ahead of the shards not yet read; closing windows by it counted their events late and lost
/// alerts. The report and the dashboard both read arrival windows through this one type.
public final class ArrivalBurstWindows: StreamBurstWindows {
    public private(set) var detector: BurstDetector
    private let consumer: StreamConsumer

    /// Takes over `consumer.onEvent`.
    public init(consumer: StreamConsumer, rule: BurstRule) {
        detector = BurstDetector(rule: rule)
        self.consumer = consumer
        consumer.onEvent = { [unowned self] ms, user, type in
            detector.count(user: user, time: Int64(ms / 1000), type: type)
        }
    }

    /// After a poll: the alerts of the windows the stream's arrival watermark has closed (the
    /// watermark already allows for shards still behind, whatever `caughtUp` says).
    public func advance(caughtUp: Bool = true) -> [BurstAlert] {
        guard let w = consumer.arrivalWatermark else { return [] }
        return detector.advance(to: w / 1000)
    }

    public var notice: String? { nil }

    /// The end of the input: every open window closes.
    public func finish() -> [BurstAlert] { detector.finish() }
}
