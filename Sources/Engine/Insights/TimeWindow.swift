/// The half-open UTC window `[from, to)` every insight is computed over. Rows outside take part
/// in no figure.
public struct TimeWindow: Sendable, Equatable, Codable {
    /// Epoch seconds; `nil` means unbounded.
    public var from: Int64?
    public var to: Int64?

    public init(from: Int64? = nil, to: Int64? = nil) {
        self.from = from
        self.to = to
    }

    /// The whole range of the data.
    public static let all = TimeWindow()

    /// The window as bounds on the store's 32-bit times: `low ≤ t < high`.
    var bounds: (low: UInt32, high: UInt64) {
        let low = UInt32(clamping: max(0, from ?? 0))
        let high = UInt64(clamping: max(0, min(to ?? Int64(UInt32.max) + 1, Int64(UInt32.max) + 1)))
        return (low, high)
    }
}
