/// A 24-bit colour, and its nearest equivalents on 256-, 16- and 8-colour terminals.
public struct RGB: Equatable, Hashable, Sendable {
    public var r: UInt8
    public var g: UInt8
    public var b: UInt8

    public init(_ r: UInt8, _ g: UInt8, _ b: UInt8) {
        self.r = r
        self.g = g
        self.b = b
    }

    /// `#rrggbb` or `rrggbb`.
    public init?(hex: String) {
        let h = hex.hasPrefix("#") ? String(hex.dropFirst()) : hex
        guard h.count == 6, let v = UInt32(h, radix: 16) else { return nil }
        self.init(UInt8(v >> 16), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF))
    }

    /// The value a direct-colour terminal takes as a colour number.
    public var direct: Int { Int(r) << 16 | Int(g) << 8 | Int(b) }

    /// Nearest entry of the xterm 256-colour palette (the 6×6×6 cube or the grey ramp).
    public var xterm256: Int {
        let levels: [Int] = [0, 95, 135, 175, 215, 255]
        func nearest(_ v: UInt8) -> Int { levels.indices.min { abs(levels[$0] - Int(v)) < abs(levels[$1] - Int(v)) }! }
        let (ri, gi, bi) = (nearest(r), nearest(g), nearest(b))
        let cube = 16 + 36 * ri + 6 * gi + bi
        let cubeColor = RGB(UInt8(levels[ri]), UInt8(levels[gi]), UInt8(levels[bi]))
        let average = (Int(r) + Int(g) + Int(b)) / 3
        let greyIndex = min(23, max(0, (average - 8 + 5) / 10))
        let greyValue = UInt8(8 + 10 * greyIndex)
        let grey = RGB(greyValue, greyValue, greyValue)
        return distance(to: grey) < distance(to: cubeColor) ? 232 + greyIndex : cube
    }

    /// Nearest of the 16 (or, with `count` 8, the first 8) ANSI colours.
    public func ansi(count: Int) -> Int {
        let palette = Self.ansiPalette.prefix(count)
        return palette.indices.min { distance(to: palette[$0]) < distance(to: palette[$1]) }!
    }

    func distance(to o: RGB) -> Int {
        let dr = Int(r) - Int(o.r)
        let dg = Int(g) - Int(o.g)
        let db = Int(b) - Int(o.b)
        return 2 * dr * dr + 4 * dg * dg + 3 * db * db
    }

    static let ansiPalette: [RGB] = [
        RGB(0, 0, 0), RGB(205, 0, 0), RGB(0, 205, 0), RGB(205, 205, 0), RGB(0, 0, 238), RGB(205, 0, 205),
        RGB(0, 205, 205), RGB(229, 229, 229), RGB(127, 127, 127), RGB(255, 0, 0), RGB(0, 255, 0), RGB(255, 255, 0),
        RGB(92, 92, 255), RGB(255, 0, 255), RGB(0, 255, 255), RGB(255, 255, 255),
    ]
}
