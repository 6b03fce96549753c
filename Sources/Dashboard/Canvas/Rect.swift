/// A rectangle of terminal cells.
public struct Rect: Equatable, Sendable {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = max(0, width)
        self.height = max(0, height)
    }

    public var isEmpty: Bool { width <= 0 || height <= 0 }
    public var maxX: Int { x + width }
    public var maxY: Int { y + height }

    /// The rectangle shrunk by `n` cells on every side.
    public func inset(_ n: Int) -> Rect { Rect(x: x + n, y: y + n, width: width - 2 * n, height: height - 2 * n) }

    /// The top `n` rows, and the rest below them.
    public func splitTop(_ n: Int) -> (Rect, Rect) {
        let h = min(max(0, n), height)
        return (Rect(x: x, y: y, width: width, height: h), Rect(x: x, y: y + h, width: width, height: height - h))
    }

    /// The bottom `n` rows, and the rest above them.
    public func splitBottom(_ n: Int) -> (Rect, Rect) {
        let h = min(max(0, n), height)
        return (Rect(x: x, y: maxY - h, width: width, height: h), Rect(x: x, y: y, width: width, height: height - h))
    }

    /// The left `n` columns, and the rest to their right.
    public func splitLeft(_ n: Int) -> (Rect, Rect) {
        let w = min(max(0, n), width)
        return (Rect(x: x, y: y, width: w, height: height), Rect(x: x + w, y: y, width: width - w, height: height))
    }

    /// `parts` columns of near-equal width with `gap` cells between them.
    public func columns(_ parts: Int, gap: Int = 1) -> [Rect] {
        Layout.horizontal(Array(repeating: .fill(1), count: Swift.max(0, parts)), gap: gap).split(self)
    }

    /// `parts` rows of near-equal height with `gap` rows between them.
    public func rows(_ parts: Int, gap: Int = 0) -> [Rect] {
        Layout.vertical(Array(repeating: .fill(1), count: Swift.max(0, parts)), gap: gap).split(self)
    }
}
