/// The record a producer puts on the stream, as the tutorial's simulator sends it: a JSON object
/// of the nine columns, values as strings (what Python's `csv.DictReader` gives), plus
/// `txn_timestamp`, the time it was sent. Consumers turn it back into a CSV row for the engine.
public enum EventRecordCodec {
    static let keys = EventSchema.columns + ["txn_timestamp"]

    /// The JSON payload of one row whose fields are `fields` ranges of `bytes`.
    public static func encode(
        _ bytes: UnsafeBufferPointer<UInt8>, fields: [Range<Int>], sentAt: String,
        origin: (producer: [UInt8], row: UInt64)? = nil, into out: inout [UInt8]
    ) {
        out.append(0x7B)  // {
        for (i, key) in keyPrefixes.enumerated() {
            out.append(contentsOf: key)  // "key":"  (with a leading comma after the first)
            if i < fields.count {
                let field = UnsafeBufferPointer(rebasing: bytes[fields[i]])
                if field.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) {
                    appendEscaped(field, to: &out)
                } else {
                    out.append(contentsOf: field)
                }
            } else {
                out.append(contentsOf: sentAt.utf8)
            }
            out.append(0x22)
        }
        if let origin {
            out.append(contentsOf: originPrefix)
            out.append(contentsOf: origin.producer)
            out.append(contentsOf: rowPrefix)
            out.append(contentsOf: String(origin.row).utf8)
            out.append(0x22)
        }
        out.append(0x7D)
    }

    /// A named producer tags each record with its name and the row's number in its input, so a
    /// restarted producer can resume exactly where its records stop (see ``origin(_:)``). Readers
    /// that do not know these keys ignore them.
    static let originPrefix = Array(",\"_producer\":\"".utf8)
    static let rowPrefix = Array("\",\"_row\":\"".utf8)

    /// The producer name and row number a tagged record ends with, if any.
    static func origin(_ p: UnsafeBufferPointer<UInt8>) -> (producer: ArraySlice<UInt8>, row: UInt64)? {
        // …,"_producer":"NAME","_row":"DIGITS"}
        guard p.count > 2, p[p.count - 1] == 0x7D, p[p.count - 2] == 0x22 else { return nil }
        var i = p.count - 3
        var row: UInt64 = 0
        var scale: UInt64 = 1
        while i > 0, p[i] &- 0x30 < 10 {
            row += UInt64(p[i] - 0x30) * scale
            scale *= 10
            i -= 1
        }
        let rowKeyEnd = i + 1
        guard rowKeyEnd >= rowPrefix.count,
            Array(UnsafeBufferPointer(rebasing: p[(rowKeyEnd - rowPrefix.count)..<rowKeyEnd])) == rowPrefix
        else { return nil }
        let nameEnd = rowKeyEnd - rowPrefix.count
        var j = nameEnd - 1
        while j > 0, p[j] != 0x22 { j -= 1 }
        let nameStart = j + 1
        guard nameStart >= originPrefix.count,
            Array(UnsafeBufferPointer(rebasing: p[(nameStart - originPrefix.count)..<nameStart])) == originPrefix
        else { return nil }
        return (Array(UnsafeBufferPointer(rebasing: p[nameStart..<nameEnd]))[...], row)
    }

    /// The record's `txn_timestamp` (`2026-12-02T17:30:01.123456`, the producer's wall clock
    /// with no zone) in whole seconds counted as if it were UTC, so that windows fall on the
    /// producer's own 10-second marks, as the tutorial's Flink job cuts them; `nil` when the
    /// record has none or it is not such a time.
    static func txnTimestamp(_ p: UnsafeBufferPointer<UInt8>) -> Int64? {
        let key = Array("\"txn_timestamp\"".utf8)
        guard p.count > key.count else { return nil }
        var i = 0
        search: while i + key.count <= p.count {
            for k in 0..<key.count where p[i + k] != key[k] {
                i += 1
                continue search
            }
            var j = i + key.count
            func skipSpace() {
                while j < p.count, p[j] == 0x20 || p[j] == 0x0A || p[j] == 0x0D || p[j] == 0x09 { j += 1 }
            }
            skipSpace()
            guard j < p.count, p[j] == 0x3A else {
                i += 1
                continue
            }
            j += 1
            skipSpace()
            guard j < p.count, p[j] == 0x22 else { return nil }
            let start = j + 1
            var end = start
            while end < p.count, p[end] != 0x22, p[end] != 0x2E { end += 1 }  // up to the fraction
            return UTCCalendar.parseInstant(
                String(decoding: UnsafeBufferPointer(rebasing: p[start..<end]), as: UTF8.self))
        }
        return nil
    }

    /// The `user_id` and event type of a record, for burst windows on arrival time; `nil` when the
    /// record is not an event.
    static func userAndType(_ p: UnsafeBufferPointer<UInt8>) -> (user: UInt64, type: UInt8)? {
        var row: [UInt8] = []
        guard csvRow(p, into: &row) == nil else { return nil }
        var fields: (UInt64?, UInt8?) = (nil, nil)
        CSVRecords.forEach(in: row) { bytes, ranges in
            guard ranges.count == 9 else { return }
            let typeField = UnsafeBufferPointer(rebasing: bytes[ranges[1]])
            let userField = UnsafeBufferPointer(rebasing: bytes[ranges[7]])
            fields.0 = userField.isEmpty ? nil : FieldParsers.unsigned(userField.baseAddress!, userField.count)
            fields.1 = typeField.isEmpty ? nil : EventType.parse(typeField.baseAddress!, typeField.count)?.rawValue
        }
        guard let user = fields.0, let type = fields.1 else { return nil }
        return (user, type)
    }

    /// `"key":"` for each key, the later ones led by a comma.
    private static let keyPrefixes: [[UInt8]] = keys.enumerated().map { i, k in
        Array(((i > 0 ? "," : "") + "\"\(k)\":\"").utf8)
    }

    private static func appendEscaped(_ s: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        for b in s {
            switch b {
            case 0x22: out += [0x5C, 0x22]
            case 0x5C: out += [0x5C, 0x5C]
            case 0x0A: out += [0x5C, 0x6E]
            case 0x0D: out += [0x5C, 0x72]
            case 0x09: out += [0x5C, 0x74]
            case 0..<0x20:
                let hex: [UInt8] = Array("0123456789abcdef".utf8)
                out += [0x5C, 0x75, 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 15)]]
            default: out.append(b)
            }
        }
    }

    /// The CSV row of a payload in the layout ``encode`` writes (keys in order, no escapes): the
    /// fast path of ``csvRow(_:into:)``. Returns false, writing nothing, for any other layout.
    private static func canonicalRow(_ p: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) -> Bool {
        var i = 1
        guard p.count > 2, p[0] == 0x7B else { return false }
        let start = out.count
        for (k, prefix) in keyPrefixes.prefix(EventSchema.columns.count).enumerated() {
            guard i + prefix.count <= p.count,
                prefix.withUnsafeBufferPointer({ q in
                    memcmpBytes(p.baseAddress! + i, q.baseAddress!, q.count)
                })
            else {
                out.removeSubrange(start...)
                return false
            }
            i += prefix.count
            let valueStart = i
            var needsQuotes = false
            while i < p.count, p[i] != 0x22 {
                if p[i] == 0x5C { out.removeSubrange(start...); return false }
                if p[i] == 0x2C { needsQuotes = true }
                i += 1
            }
            guard i < p.count, !needsQuotes else {
                out.removeSubrange(start...)
                return false
            }
            if k > 0 { out.append(0x2C) }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: p[valueStart..<i]))
            i += 1
        }
        out.append(0x0A)
        return true
    }

    private static func memcmpBytes(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        for k in 0..<n where a[k] != b[k] { return false }
        return true
    }

    /// The CSV row (with its newline) of a JSON payload, appended to `out`; or why it cannot be
    /// read. Keys may come in any order; unknown keys are ignored; values may be strings or bare
    /// numbers.
    static func csvRow(_ p: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) -> String? {
        if canonicalRow(p, into: &out) { return nil }
        var values = [[UInt8]?](repeating: nil, count: EventSchema.columns.count)
        var i = 0
        let n = p.count
        func skipSpace() { while i < n, p[i] == 0x20 || p[i] == 0x0A || p[i] == 0x0D || p[i] == 0x09 { i += 1 } }
        func string() -> [UInt8]? {
            guard i < n, p[i] == 0x22 else { return nil }
            i += 1
            var s: [UInt8] = []
            while i < n, p[i] != 0x22 {
                if p[i] == 0x5C, i + 1 < n {
                    i += 1
                    switch p[i] {
                    case 0x6E: s.append(0x0A)
                    case 0x72: s.append(0x0D)
                    case 0x74: s.append(0x09)
                    case 0x62: s.append(0x08)
                    case 0x66: s.append(0x0C)
                    case 0x75:
                        guard i + 4 < n,
                            let v = UInt32(
                                String(decoding: UnsafeBufferPointer(rebasing: p[(i + 1)...(i + 4)]), as: UTF8.self),
                                radix: 16),
                            let scalar = Unicode.Scalar(v)
                        else { return nil }
                        s.append(contentsOf: Array(String(Character(scalar)).utf8))
                        i += 4
                    default: s.append(p[i])
                    }
                } else {
                    s.append(p[i])
                }
                i += 1
            }
            guard i < n else { return nil }
            i += 1
            return s
        }
        skipSpace()
        guard i < n, p[i] == 0x7B else { return "payload is not a JSON object" }
        i += 1
        while true {
            skipSpace()
            if i < n, p[i] == 0x7D { break }
            guard let key = string() else { return "payload is not valid JSON" }
            skipSpace()
            guard i < n, p[i] == 0x3A else { return "payload is not valid JSON" }
            i += 1
            skipSpace()
            let value: [UInt8]
            if let s = string() {
                value = s
            } else {
                let start = i
                while i < n, p[i] != 0x2C, p[i] != 0x7D, p[i] != 0x20 { i += 1 }
                value = Array(UnsafeBufferPointer(rebasing: p[start..<i]))
            }
            if let k = EventSchema.columns.firstIndex(where: { $0.utf8.elementsEqual(key) }) {
                values[k] = value == Array("null".utf8) ? [] : value
            }
            skipSpace()
            if i < n, p[i] == 0x2C {
                i += 1
                continue
            }
            guard i < n, p[i] == 0x7D else { return "payload is not valid JSON" }
            break
        }
        // Every field checked before any is written: a record cut short left its first fields,
        // with no line end, in front of the next record's row, which was rejected with it.
        if let k = values.firstIndex(where: { $0 == nil }) { return "record has no \(EventSchema.columns[k])" }
        for (k, v) in values.enumerated() {
            let v = v ?? []
            if k > 0 { out.append(0x2C) }
            if v.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) {
                out.append(0x22)
                for b in v {
                    if b == 0x22 { out.append(0x22) }
                    out.append(b)
                }
                out.append(0x22)
            } else {
                out.append(contentsOf: v)
            }
        }
        out.append(0x0A)
        return nil
    }
}
