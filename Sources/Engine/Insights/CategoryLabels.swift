/// Category labels at a chosen level: `category_code` truncated to its first N dot-separated
/// parts, `(none)` when empty. Maps each category code of the store to a dense label index.
public struct CategoryLabels: Sendable {
    /// Distinct labels, by index.
    public let labels: [String]
    /// Label index of each category dictionary code.
    let indexOfCategory: [Int32]

    /// - Parameter level: number of parts kept; `nil` or 0 keeps the whole code.
    public init(_ snapshot: EventSnapshot, level: Int?) {
        var labels: [String] = []
        var byLabel: [String: Int32] = [:]
        var indexOfCategory = [Int32](repeating: 0, count: snapshot.categoryCount)
        for c in 0..<snapshot.categoryCount {
            let code = snapshot.categoryCodeLabels[Int(snapshot.categoryKey(UInt32(c)).code)]
            let label = Self.label(code, level: level)
            if let i = byLabel[label] {
                indexOfCategory[c] = i
            } else {
                let i = Int32(labels.count)
                labels.append(label)
                byLabel[label] = i
                indexOfCategory[c] = i
            }
        }
        self.labels = labels
        self.indexOfCategory = indexOfCategory
    }

    /// The label of a raw `category_code` at `level`.
    public static func label(_ code: String, level: Int?) -> String {
        if code.isEmpty { return EventSchema.noneLabel }
        guard let level, level > 0 else { return code }
        return code.split(separator: ".", omittingEmptySubsequences: false).prefix(level).joined(separator: ".")
    }
}
