/// What one part of a ``Layout`` asks for along the layout's axis.
public enum Constraint: Equatable, Sendable {
    /// Exactly `n` cells (less only when the space cannot hold it).
    case length(Int)
    /// At least `n` cells; with no fill in the layout, mins share what is left.
    case min(Int)
    /// `p` per cent of the whole length.
    case percentage(Int)
    /// A share, by weight, of what the other parts leave.
    case fill(Int)
}

/// Divides a rectangle along one axis by constraints, as ratatui's `Layout` does, so that panels
/// say what each box needs rather than doing arithmetic on rows. Every part gets what it asks for
/// when the space allows; what is left goes to the fills by weight (or to the mins when there is
/// no fill); when the space is short, percentages give way first, then lengths, then mins — each
/// from the last part backwards, so the parts listed first keep their size longest.
public struct Layout: Sendable {
    public enum Direction: Sendable { case vertical, horizontal }

    public var direction: Direction
    public var constraints: [Constraint]
    /// Cells between two neighbouring parts.
    public var gap: Int

    public init(_ direction: Direction, _ constraints: [Constraint], gap: Int = 0) {
        self.direction = direction
        self.constraints = constraints
        self.gap = gap
    }

    public static func vertical(_ constraints: [Constraint], gap: Int = 0) -> Layout {
        Layout(.vertical, constraints, gap: gap)
    }

    public static func horizontal(_ constraints: [Constraint], gap: Int = 0) -> Layout {
        Layout(.horizontal, constraints, gap: gap)
    }

    /// One rectangle a constraint, in order, tiling `r` along the axis.
    public func split(_ r: Rect) -> [Rect] {
        let total = direction == .vertical ? r.height : r.width
        var offset = 0
        return Self.sizes(constraints, total: total, gap: gap).map { size in
            defer { offset += size + gap }
            return direction == .vertical
                ? Rect(x: r.x, y: r.y + offset, width: r.width, height: size)
                : Rect(x: r.x + offset, y: r.y, width: size, height: r.height)
        }
    }

    /// The length each constraint gets out of `total` cells, `gap` cells between parts.
    public static func sizes(_ constraints: [Constraint], total: Int, gap: Int = 0) -> [Int] {
        guard !constraints.isEmpty else { return [] }
        let available = Swift.max(0, total - gap * (constraints.count - 1))
        var sizes = constraints.map { c -> Int in
            switch c {
            case .length(let n), .min(let n): Swift.max(0, n)
            case .percentage(let p): Swift.max(0, total * p / 100)
            case .fill: 0
            }
        }
        let excess = available - sizes.reduce(0, +)
        if excess > 0 {
            var growing = constraints.indices.compactMap { i -> (Int, Int)? in
                if case .fill(let w) = constraints[i] { return (i, Swift.max(0, w)) }
                return nil
            }
            if growing.isEmpty {
                growing = constraints.indices.compactMap { i in
                    if case .min = constraints[i] { return (i, 1) }
                    return nil
                }
            }
            let weight = growing.reduce(0) { $0 + $1.1 }
            // Cumulative shares, so the pieces add up to the excess exactly.
            var before = 0
            for (i, w) in growing where weight > 0 {
                sizes[i] += excess * (before + w) / weight - excess * before / weight
                before += w
            }
        } else if excess < 0 {
            var short = -excess
            for giving in [Kind.percentage, .length, .min] {
                for i in constraints.indices.reversed() where short > 0 && Kind(constraints[i]) == giving {
                    let taken = Swift.min(sizes[i], short)
                    sizes[i] -= taken
                    short -= taken
                }
            }
        }
        return sizes
    }

    private enum Kind {
        case length, min, percentage, fill

        init(_ c: Constraint) {
            switch c {
            case .length: self = .length
            case .min: self = .min
            case .percentage: self = .percentage
            case .fill: self = .fill
            }
        }
    }
}
