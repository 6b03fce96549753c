/// Burst windows on a time only a stream's records carry — arrival (``ArrivalBurstWindows``) or
/// `txn_timestamp` (``TxnBurstWindows``) — counted as the records are read and closed by the
/// stream's own watermark: what a feed following a stream asks after each poll.
public protocol StreamBurstWindows: AnyObject {
    var detector: BurstDetector { get }
    /// After a poll: the alerts of the windows the watermark has closed. `caughtUp` says whether
    /// every shard was read to its end at its last read.
    func advance(caughtUp: Bool) -> [BurstAlert]
    /// What the user should be told about the records' stamps, or nil.
    var notice: String? { get }
}
