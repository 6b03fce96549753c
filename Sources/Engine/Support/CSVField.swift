/// A field as RFC 4180 CSV writes it: as it is, or in double quotes (inner quotes doubled) when it
/// holds a comma, a quote or a line break. The one quoting rule of every CSV ecomdash writes.
public enum CSVField {
    public static func quoted(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Appends `field`'s bytes to `out`, quoted where needed.
    static func append<C: Collection>(_ field: C, to out: inout [UInt8]) where C.Element == UInt8 {
        guard field.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else {
            out.append(contentsOf: field)
            return
        }
        out.append(0x22)
        for b in field {
            out.append(b)
            if b == 0x22 { out.append(0x22) }
        }
        out.append(0x22)
    }
}
