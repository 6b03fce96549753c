/// Formats generated events as the dataset's CSV rows, straight into bytes.
struct CSVRowWriter {
    private let categoryIds: [[UInt8]]
    private let codes: [[UInt8]]
    private let brands: [[UInt8]]
    private let catalog: Catalog
    private let seed: UInt64
    private let hex: [UInt8] = Array("0123456789abcdef".utf8)
    private static let typeNames: [[UInt8]] = EventType.allCases.map { Array($0.name.utf8) }

    init(catalog: Catalog, seed: UInt64) {
        self.catalog = catalog
        self.seed = seed
        categoryIds = catalog.categories.map { Array(String($0.id).utf8) }
        codes = catalog.categories.map { Array($0.code.utf8) }
        brands = catalog.brands.map { Array($0.utf8) }
    }

    func write(_ e: GeneratedEvent, into out: inout OutputBuffer) {
        let t = Int64(e.time)
        let (day, rem) = UTCCalendar.floorDivide(t, UTCCalendar.secondsPerDay)
        let (y, m, d) = UTCCalendar.civil(days: day)
        out.appendNumber(UInt64(y))
        out.append(0x2D)
        out.appendTwoDigits(m)
        out.append(0x2D)
        out.appendTwoDigits(d)
        out.append(0x20)
        out.appendTwoDigits(Int(rem / 3600))
        out.append(0x3A)
        out.appendTwoDigits(Int(rem % 3600 / 60))
        out.append(0x3A)
        out.appendTwoDigits(Int(rem % 60))
        out.append(Self.utcSuffix)
        out.append(Self.typeNames[Int(e.type)])
        out.append(0x2C)
        let p = catalog.products[Int(e.product)]
        out.appendNumber(p.id)
        out.append(0x2C)
        out.append(categoryIds[p.category])
        out.append(0x2C)
        out.append(codes[p.category])
        out.append(0x2C)
        out.append(brands[p.brand])
        out.append(0x2C)
        out.appendNumber(UInt64(p.priceCents / 100))
        out.append(0x2E)
        out.appendTwoDigits(p.priceCents % 100)
        out.append(0x2C)
        out.appendNumber(Self.userId(e.user))
        out.append(0x2C)
        appendUUID(e.session, into: &out)
        out.append(0x0A)
    }

    private static let utcSuffix: [UInt8] = Array(" UTC,".utf8)

    /// Distinct, realistic-looking 9-digit ids (the real ones are around 5.1–5.7 × 10^8); bots
    /// (negative indexes) get ids from 990,000,000 up, apart from every shopper.
    static func userId(_ u: Int32) -> UInt64 {
        u < 0 ? 990_000_000 + UInt64(-Int64(u) - 1) : 510_000_000 + UInt64(u) * 37 + mix64(UInt64(u)) % 37
    }

    /// A version-4-shaped UUID derived from the seed and the session number.
    private func appendUUID(_ session: UInt64, into out: inout OutputBuffer) {
        let a = mix64(seed &* 0x9E37_79B9_7F4A_7C15 ^ session)
        var b = mix64(a ^ 0xD1B5_4A32_D192_ED03)
        b = (b & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000  // RFC 4122 variant
        let hi = (a & 0xFFFF_FFFF_FFFF_0FFF) | 0x0000_0000_0000_4000  // version 4
        for i in 0..<16 {
            if i == 8 || i == 12 { out.append(0x2D) }
            out.append(hex[Int(hi >> (60 - 4 * UInt64(i)) & 0xF)])
        }
        for i in 0..<16 {
            if i == 0 || i == 4 { out.append(0x2D) }
            out.append(hex[Int(b >> (60 - 4 * UInt64(i)) & 0xF)])
        }
    }
}
