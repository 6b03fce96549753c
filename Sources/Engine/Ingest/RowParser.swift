/// Turns a block of whole CSV records into a ``ParsedBlock``: integers, byte references and
/// rejects, with no `String` per field.
///
/// Unquoted records (all of the real dataset) take a fast path that finds delimiters eight bytes
/// at a time. A record with a quote takes the RFC 4180 path: quoted fields may hold commas,
/// doubled quotes and newlines. Both paths share the field parsers, so they agree on what a
/// valid row is.
final class RowParser {
    private var times = EventTimeParser()
    /// Field boundaries of the current record.
    private let fields = UnsafeMutablePointer<ParsedBlock.ByteRef>.allocate(capacity: 9)
    private var fieldCount = 0

    init() { fields.initialize(repeating: .empty, count: 9) }

    deinit { fields.deallocate() }

    private static let commas: UInt64 = 0x2C2C_2C2C_2C2C_2C2C
    private static let newlines: UInt64 = 0x0A0A_0A0A_0A0A_0A0A
    private static let quotes: UInt64 = 0x2222_2222_2222_2222
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highs: UInt64 = 0x8080_8080_8080_8080

    func parse(_ block: inout ParsedBlock) {
        let bytes = block.bytes
        // A valid row has at least 35 bytes and a newline: this bounds the rows of a block.
        block.rows.reserve(bytes.count / 36 + 2)
        block.rows.count = 0
        bytes.withUnsafeBufferPointer { buf in
            guard let p = buf.baseAddress else { return }
            let end = buf.count
            var i = 0
            var line = 0
            while i < end {
                if p[i] == 0x0A {  // blank line: nothing to read, nothing lost
                    i += 1
                    line += 1
                    continue
                }
                if p[i] == 0x0D, i + 1 < end, p[i + 1] == 0x0A {
                    i += 2
                    line += 1
                    continue
                }
                let start = i
                if block.marked, let marked = RejectedLine.read(p, end, start) {
                    var n = marked.bytes
                    while n < end, p[n] != 0x0A { n += 1 }
                    block.rejects.append(
                        .init(lineInBlock: line, reason: .badRecord(marked.why), start: marked.bytes, end: n))
                    i = min(n + 1, end)
                    line += 1
                    continue
                }
                let next: Int
                let newlines: Int
                if let n = tokenizeUnquoted(p, end, start) {
                    next = n
                    newlines = (n > start && p[n - 1] == 0x0A) ? 1 : 0
                } else {
                    let r = tokenizeQuoted(p, end, start, &block.scratch)
                    next = r.next
                    newlines = r.newlines
                    if let reason = r.failure {
                        block.rejects.append(.init(lineInBlock: line, reason: reason, start: start, end: next))
                        i = next
                        line += newlines
                        continue
                    }
                }
                if let reason = emit(p, &block) {
                    block.rejects.append(.init(lineInBlock: line, reason: reason, start: start, end: next))
                }
                i = next
                line += newlines
            }
            block.lines = line
        }
    }

    /// Finds the next `,`, `\n` or `"` at or after `i`, or `end`.
    @inline(__always)
    private static func nextDelimiter(_ p: UnsafePointer<UInt8>, _ end: Int, _ start: Int) -> Int {
        var i = start
        let raw = UnsafeRawPointer(p)
        while i + 8 <= end {
            let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            let c = w ^ commas
            let n = w ^ newlines
            let q = w ^ quotes
            let hits =
                ((c &- ones) & ~c) | ((n &- ones) & ~n) | ((q &- ones) & ~q)
            let found = hits & highs
            if found != 0 { return i + found.trailingZeroBitCount >> 3 }
            i += 8
        }
        while i < end {
            let b = p[i]
            if b == 0x2C || b == 0x0A || b == 0x22 { return i }
            i += 1
        }
        return end
    }

    /// Splits an unquoted record into `fields`. Returns the offset after the record's newline, or
    /// `nil` when the record has a quote (the quoted path takes it). A wrong field count is left
    /// for `emit` to report: `fields` then holds the count in the tenth position's stead.
    @inline(__always)
    private func tokenizeUnquoted(_ p: UnsafePointer<UInt8>, _ end: Int, _ start: Int) -> Int? {
        var i = start
        var f = 0
        fieldCount = 0
        while true {
            let d = Self.nextDelimiter(p, end, i)
            if d < end, p[d] == 0x22 { return nil }
            var fieldEnd = d
            let isLast = d == end || p[d] == 0x0A
            if isLast, fieldEnd > i, p[fieldEnd - 1] == 0x0D { fieldEnd -= 1 }
            if f < 9 {
                fields[f] = .init(offset: UInt32(i), length: UInt32(fieldEnd - i), inScratch: false)
            }
            f += 1
            if isLast {
                fieldCount = f
                return d == end ? end : d + 1
            }
            i = d + 1
        }
    }

    /// Splits a record that contains quotes, RFC 4180 style, unescaping into `scratch` where a
    /// field has doubled quotes or text after its closing quote.
    private func tokenizeQuoted(
        _ p: UnsafePointer<UInt8>, _ end: Int, _ start: Int, _ scratch: inout [UInt8]
    ) -> (next: Int, newlines: Int, failure: RejectReason?) {
        var i = start
        var f = 0
        var newlines = 0
        while true {
            var ref: ParsedBlock.ByteRef
            if i < end, p[i] == 0x22 {
                // Quoted field: copy into scratch only when it needs unescaping.
                var j = i + 1
                let contentStart = j
                var copy: [UInt8]? = nil
                var closed = false
                while j < end {
                    let b = p[j]
                    if b == 0x22 {
                        if j + 1 < end, p[j + 1] == 0x22 {
                            if copy == nil {
                                copy = Array(UnsafeBufferPointer(start: p + contentStart, count: j - contentStart))
                            }
                            copy!.append(0x22)
                            j += 2
                            continue
                        }
                        closed = true
                        break
                    }
                    if b == 0x0A { newlines += 1 }
                    copy?.append(b)
                    j += 1
                }
                guard closed else {
                    return (end, newlines, .unterminatedQuote)
                }
                let contentEnd = j
                j += 1
                // Text after the closing quote is kept literally, as lenient readers do.
                var stop = j
                while stop < end, p[stop] != 0x2C, p[stop] != 0x0A { stop += 1 }
                var trailingEnd = stop
                if trailingEnd > j, p[trailingEnd - 1] == 0x0D, stop == end || p[stop] == 0x0A {
                    trailingEnd -= 1
                }
                if trailingEnd > j {
                    if copy == nil {
                        copy = Array(UnsafeBufferPointer(start: p + contentStart, count: contentEnd - contentStart))
                    }
                    copy!.append(contentsOf: UnsafeBufferPointer(start: p + j, count: trailingEnd - j))
                }
                if let c = copy {
                    ref = .init(offset: UInt32(scratch.count), length: UInt32(c.count), inScratch: true)
                    scratch.append(contentsOf: c)
                } else {
                    ref = .init(
                        offset: UInt32(contentStart), length: UInt32(contentEnd - contentStart), inScratch: false)
                }
                i = stop
            } else {
                var j = i
                while j < end, p[j] != 0x2C, p[j] != 0x0A { j += 1 }
                var fieldEnd = j
                if (j == end || p[j] == 0x0A), fieldEnd > i, p[fieldEnd - 1] == 0x0D { fieldEnd -= 1 }
                ref = .init(offset: UInt32(i), length: UInt32(fieldEnd - i), inScratch: false)
                i = j
            }
            if f < 9 { fields[f] = ref }
            f += 1
            if i >= end {
                fieldCount = f
                return (end, newlines, nil)
            }
            if p[i] == 0x0A {
                fieldCount = f
                return (i + 1, newlines + 1, nil)
            }
            i += 1  // past the comma
        }
    }

    /// Parses the tokenized record into `block`, or returns why it cannot be read.
    @inline(__always)
    private func emit(_ p: UnsafePointer<UInt8>, _ block: inout ParsedBlock) -> RejectReason? {
        guard fieldCount == 9 else { return .fieldCount(found: fieldCount) }
        var odd: (key: Key128, text: [UInt8])? = nil
        defer { if let odd { block.oddSessions.append(odd) } }
        return block.scratch.withUnsafeBufferPointer { s in
            let fields = self.fields
            @inline(__always) func at(_ k: Int) -> (UnsafePointer<UInt8>, Int) {
                let r = fields[k]
                let base = r.inScratch ? s.baseAddress! : p
                return (base + Int(r.offset), Int(r.length))
            }
            let (tp, tn) = at(0)
            guard let time = times.parse(tp, tn) else { return .badTime(Self.text(tp, tn)) }
            let (ep, en) = at(1)
            guard let type = EventType.parse(ep, en) else { return .unknownEventType(Self.text(ep, en)) }
            let (pp, pn) = at(2)
            guard let product = FieldParsers.unsigned(pp, pn) else {
                return Self.badNumber("product_id", pp, pn)
            }
            let (cp, cn) = at(3)
            guard let category = FieldParsers.unsigned(cp, cn) else {
                return Self.badNumber("category_id", cp, cn)
            }
            let (mp, mn) = at(6)
            guard let price = FieldParsers.cents(mp, mn) else { return .badPrice(Self.text(mp, mn)) }
            let (up, un) = at(7)
            guard let user = FieldParsers.unsigned(up, un) else {
                return Self.badNumber("user_id", up, un)
            }
            let (sp, sn) = at(8)
            let session: Key128
            if sn == 0 {
                session = Key128(high: 0, low: 0)
            } else if let k = FieldParsers.uuid(sp, sn) {
                session = k
            } else {
                session = FieldParsers.hashedSession(sp, sn)
                odd = (session, Array(UnsafeBufferPointer(start: sp, count: sn)))
            }
            let rows = block.rows
            let i = rows.count
            rows.time[i] = time
            rows.type[i] = type.rawValue
            rows.product[i] = product
            rows.categoryId[i] = category
            rows.categoryCode[i] = fields[4]
            rows.brand[i] = fields[5]
            rows.price[i] = price
            rows.user[i] = user
            rows.session[i] = session
            rows.userHash[i] = user.mixedHash
            rows.productHash[i] = product.mixedHash
            rows.sessionHash[i] = session.mixedHash
            rows.count = i + 1
            return nil
        }
    }

    /// Why an id field is not a number: out of range when it is all digits (too many for 64
    /// bits), otherwise not a whole number.
    private static func badNumber(_ column: String, _ p: UnsafePointer<UInt8>, _ n: Int) -> RejectReason {
        let allDigits = n > 0 && UnsafeBufferPointer(start: p, count: n).allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
        return allDigits
            ? .outOfRange(column: column, value: text(p, n)) : .notAWholeNumber(column: column, value: text(p, n))
    }

    /// A field's text for a message: at most 40 characters, escaped for a terminal.
    private static func text(_ p: UnsafePointer<UInt8>, _ n: Int) -> String {
        PrintableText.escape(bytes: UnsafeBufferPointer(start: p, count: n), limit: 40)
    }
}
