/// What a cell means, not how it looks: a theme turns roles into colours, so panels never name a
/// colour and every theme (including monochrome) styles every panel.
public enum StyleRole: Int, CaseIterable, Sendable {
    case normal, dim, title, accent, border
    case tabActive, tabInactive, statusBar, statusKey
    case selected, header, positive, negative, warning
    case chart, chartAlt, chartThird
    case heatEmpty, heat1, heat2, heat3, heat4, heat5
    case overlay, progress

    /// Heat levels in order, lightest first.
    public static let heat: [StyleRole] = [.heat1, .heat2, .heat3, .heat4, .heat5]
}

/// A role plus emphasis.
public struct Style: Equatable, Sendable {
    public var role: StyleRole
    public var bold: Bool
    public var reverse: Bool

    public init(_ role: StyleRole = .normal, bold: Bool = false, reverse: Bool = false) {
        self.role = role
        self.bold = bold
        self.reverse = reverse
    }

    public static let normal = Style()
}
