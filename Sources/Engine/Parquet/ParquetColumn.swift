/// A column of a Parquet file as ecomdash writes it: flat (no nesting), its physical type and
/// logical annotation, and whether it may hold nulls.
struct ParquetColumn: Sendable {
    enum Kind: Sendable {
        /// INT64, no annotation.
        case int64
        /// INT64 microseconds since the epoch, TIMESTAMP(isAdjustedToUTC, MICROS).
        case timestampMicros
        /// INT64 unscaled, DECIMAL(precision, scale).
        case decimal(precision: Int32, scale: Int32)
        /// BYTE_ARRAY, STRING (UTF-8), dictionary-encoded.
        case string
    }

    var name: String
    var kind: Kind
    var optional: Bool

    /// The values of one row group.
    enum Values {
        case int64([Int64])
        /// One dictionary index a row (`nil` for a null) and the dictionary's strings.
        case dictionary(indices: [UInt32?], dictionary: [[UInt8]])
    }

    /// The physical `Type` number.
    var physicalType: Int32 {
        switch kind {
        case .int64, .timestampMicros, .decimal: 2  // INT64
        case .string: 6  // BYTE_ARRAY
        }
    }

    /// Its `SchemaElement` in the footer.
    func writeSchema(_ t: inout ThriftCompactWriter) {
        t.i32(1, physicalType)
        t.i32(3, optional ? 1 : 0)  // OPTIONAL or REQUIRED
        t.string(4, name)
        switch kind {
        case .int64:
            break
        case .timestampMicros:
            t.i32(6, 10)  // converted type TIMESTAMP_MICROS
            t.structure(10) { l in
                l.structure(8) { ts in
                    ts.bool(1, true)  // isAdjustedToUTC
                    ts.structure(2) { unit in unit.structure(2) { _ in } }  // MICROS
                }
            }
        case .decimal(let precision, let scale):
            t.i32(6, 5)  // converted type DECIMAL
            t.i32(7, scale)
            t.i32(8, precision)
            t.structure(10) { l in
                l.structure(5) { d in
                    d.i32(1, scale)
                    d.i32(2, precision)
                }
            }
        case .string:
            t.i32(6, 0)  // converted type UTF8
            t.structure(10) { l in l.structure(1) { _ in } }  // STRING
        }
    }
}
