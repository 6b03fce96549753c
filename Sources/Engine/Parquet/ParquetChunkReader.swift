import CSnappy
import CZlib
import CZstd

/// Decodes column chunks: dictionary pages, data pages v1 and v2, PLAIN and dictionary-encoded
/// values, definition levels, and the codecs pyarrow and DuckDB write (none, Snappy, GZIP, ZSTD).
enum ParquetChunkReader {
    struct Failure: Error, CustomStringConvertible {
        var offset: Int64
        var description: String
    }

    static func read(
        _ file: ParquetFile, column: ParquetFile.Column, chunk: ParquetFile.Chunk, rows: Int
    ) throws -> ParquetTextColumn {
        let bytes = try file.file.bytes(at: chunk.start, count: Int(chunk.length))
        guard bytes.count == chunk.length else {
            throw Failure(offset: chunk.start, description: "a column chunk runs past the end of the file")
        }
        var out = ParquetTextColumn()
        out.rows.reserveCapacity(rows)
        var dictionarySize = 0
        var position = 0
        while out.rows.count < rows {
            guard position < bytes.count else {
                throw Failure(
                    offset: chunk.start + Int64(position),
                    description: "column \(column.name): the chunk ends after \(out.rows.count) of \(rows) values")
            }
            let at = chunk.start + Int64(position)
            func fail(_ reason: String) -> Failure {
                Failure(offset: at, description: "column \(column.name): \(reason)")
            }
            var headerReader = ThriftCompactReader(bytes[position...])
            let header: [Int16: ThriftCompactReader.Value]
            do { header = try headerReader.readStruct() } catch { throw fail("a page header cannot be read: \(error)") }
            position += headerReader.consumed
            guard let compressedSize = header.int(3), let uncompressedSize = header.int(2), compressedSize >= 0,
                uncompressedSize >= 0, compressedSize <= bytes.count - position
            else { throw fail("a page's size runs past the end of its column chunk") }
            let page = bytes[position..<(position + Int(compressedSize))]
            position += Int(compressedSize)
            switch header.int(1) {
            case 2:  // dictionary page
                let h = header.structure(7) ?? [:]
                let n = Int(h.int(1) ?? 0)
                let body = try decompress(page, codec: chunk.codec, size: Int(uncompressedSize), fail)
                guard n >= 0, n <= body.count * 8 else {
                    throw fail("a dictionary of \(n) values in \(body.count) bytes")
                }
                let start = out.ends.count
                try plainTexts(body[...], count: n, column: column, into: &out, fail)
                dictionarySize = out.ends.count - start
            case 0:  // data page v1: levels and values, compressed together
                guard let h = header.structure(5), let n = h.int(1), n >= 0, n <= rows - out.rows.count else {
                    throw fail("a data page without its header, or with more values than its row group's rows")
                }
                let body = try decompress(page, codec: chunk.codec, size: Int(uncompressedSize), fail)[...]
                var valuesStart = body.startIndex
                var defined: [UInt32]? = nil
                if column.optional {
                    guard body.count >= 4 else { throw fail("definition levels cut short") }
                    let b = body.startIndex
                    let length = Int(body[b]) | Int(body[b + 1]) << 8 | Int(body[b + 2]) << 16 | Int(body[b + 3]) << 24
                    guard length <= body.count - 4 else { throw fail("definition levels run past the page") }
                    defined = try levels(body[(b + 4)..<(b + 4 + length)], count: Int(n), fail)
                    valuesStart = b + 4 + length
                }
                try values(
                    body[valuesStart...], count: Int(n), defined: defined, encoding: Int(h.int(2) ?? 0),
                    dictionarySize: dictionarySize, column: column, into: &out, fail)
            case 3:  // data page v2: levels uncompressed, then the values (compressed unless told not)
                guard let h = header.structure(8), let n = h.int(1), n >= 0, n <= rows - out.rows.count else {
                    throw fail("a data page without its header, or with more values than its row group's rows")
                }
                let repLength = Int(h.int(6) ?? 0)
                let defLength = Int(h.int(5) ?? 0)
                guard repLength >= 0, defLength >= 0, repLength + defLength <= page.count else {
                    throw fail("levels run past the page")
                }
                let levelStart = page.startIndex + repLength
                let defined =
                    column.optional
                    ? try levels(page[levelStart..<(levelStart + defLength)], count: Int(n), fail) : nil
                let rest = page[(levelStart + defLength)...]
                let body =
                    h.bool(7) == false
                    ? Array(rest)
                    : try decompress(
                        rest, codec: chunk.codec, size: Int(uncompressedSize) - repLength - defLength, fail)
                try values(
                    body[...], count: Int(n), defined: defined, encoding: Int(h.int(4) ?? 0),
                    dictionarySize: dictionarySize, column: column, into: &out, fail)
            case 1: continue  // an index page: nothing for the rows
            default: throw fail("an unknown page type \(header.int(1) ?? -1)")
            }
        }
        return out
    }

    /// Definition levels (bit width 1: flat optional columns) to the 0/1 of each value.
    private static func levels(
        _ bytes: ArraySlice<UInt8>, count: Int, _ fail: (String) -> Failure
    ) throws -> [UInt32] {
        do { return try RLEHybridDecoder.decode(bytes, bitWidth: 1, count: count) } catch {
            throw fail("definition levels: \(error)")
        }
    }

    private static func values(
        _ body: ArraySlice<UInt8>, count: Int, defined: [UInt32]?, encoding: Int, dictionarySize: Int,
        column: ParquetFile.Column, into out: inout ParquetTextColumn, _ fail: (String) -> Failure
    ) throws {
        let present = defined.map { $0.reduce(0) { $0 + Int($1) } } ?? count
        var indices: [Int32] = []
        switch encoding {
        case 0:  // PLAIN
            let first = out.ends.count
            try plainTexts(body, count: present, column: column, into: &out, fail)
            indices = (0..<present).map { Int32(first + $0) }
        case 2, 8:  // PLAIN_DICTIONARY, RLE_DICTIONARY
            guard present > 0 else { break }
            guard let width = body.first else { throw fail("dictionary indices without their bit width") }
            let raw: [UInt32]
            do { raw = try RLEHybridDecoder.decode(body.dropFirst(), bitWidth: Int(width), count: present) } catch {
                throw fail("dictionary indices: \(error)")
            }
            for k in raw {
                guard Int(k) < dictionarySize else {
                    throw fail("a dictionary index \(k) past the dictionary's \(dictionarySize) values")
                }
                indices.append(Int32(k))
            }
        default:
            throw fail("values in encoding \(encoding) are not read (PLAIN and dictionary encodings are)")
        }
        guard let defined else {
            out.rows += indices
            return
        }
        var next = 0
        for d in defined {
            if d == 0 {
                out.rows.append(-1)
            } else {
                out.rows.append(indices[next])
                next += 1
            }
        }
    }

    /// `count` PLAIN values, each appended to the pool as its text.
    private static func plainTexts(
        _ body: ArraySlice<UInt8>, count: Int, column: ParquetFile.Column, into out: inout ParquetTextColumn,
        _ fail: (String) -> Failure
    ) throws {
        var i = body.startIndex
        func take(_ n: Int) throws -> ArraySlice<UInt8> {
            guard n >= 0, body.endIndex - i >= n else { throw fail("values run past the end of their page") }
            defer { i += n }
            return body[i..<(i + n)]
        }
        func littleEndian(_ b: ArraySlice<UInt8>) -> UInt64 {
            var v: UInt64 = 0
            for (k, x) in b.enumerated() { v |= UInt64(x) << (8 * UInt64(k)) }
            return v
        }
        if column.physical == 0 {  // BOOLEAN: one bit a value
            let bits = try take((count + 7) / 8)
            for k in 0..<count {
                let set = (bits[bits.startIndex + k / 8] >> UInt8(k % 8)) & 1 == 1
                out.addText(Array((set ? "true" : "false").utf8))
            }
            return
        }
        for _ in 0..<count {
            switch column.physical {
            case 1: out.addText(integerText(Int64(Int32(truncatingIfNeeded: littleEndian(try take(4)))), column.text))
            case 2: out.addText(integerText(Int64(bitPattern: littleEndian(try take(8))), column.text))
            case 3:
                let b = try take(12)
                let nanos = Int64(bitPattern: littleEndian(b.prefix(8)))
                let julian = Int64(littleEndian(b.suffix(4)))
                // Days since the Julian epoch and nanoseconds of the day; a value past Int64 is
                // written as the largest (a time the parser then rejects as out of range).
                let (days, o1) = (julian - 2_440_588).multipliedReportingOverflow(by: 86_400 * 1_000_000_000)
                let (total, o2) = days.addingReportingOverflow(nanos)
                out.addText(integerText(o1 || o2 ? Int64.max : total, column.text))
            case 4:
                out.addText(
                    Array(String(Float(bitPattern: UInt32(truncatingIfNeeded: littleEndian(try take(4))))).utf8))
            case 5: out.addText(Array(String(Double(bitPattern: littleEndian(try take(8)))).utf8))
            case 6:
                let length = Int(littleEndian(try take(4)))
                out.addText(try bytesText(try take(length), column.text, fail))
            default: out.addText(try bytesText(try take(column.typeLength), column.text, fail))
            }
        }
    }

    /// An integer as text: as it is, as the dataset's time, or as a decimal with its scale.
    private static func integerText(_ v: Int64, _ form: ParquetFile.TextForm) -> [UInt8] {
        switch form {
        case .plain: return Array(String(v).utf8)
        case .timestamp(let divisor):
            let (q, r) = v.quotientAndRemainder(dividingBy: divisor)
            let seconds = r < 0 ? q - 1 : q
            // Years 0001 to 9999 only; anything else is text the parser rejects with its value.
            guard (-62_135_596_800...253_402_300_799).contains(seconds) else {
                return Array("\(v) (out of range)".utf8)
            }
            return Array(UTCCalendar.datasetString(seconds: seconds).utf8)
        case .decimal(let scale):
            guard scale > 0 else { return Array(String(v).utf8) }
            let digits = String(v.magnitude)
            let padded = String(repeating: "0", count: max(0, scale + 1 - digits.count)) + digits
            return Array(((v < 0 ? "-" : "") + padded.dropLast(scale) + "." + padded.suffix(scale)).utf8)
        }
    }

    /// A byte string as text: as it is, or a big-endian two's-complement decimal.
    private static func bytesText(
        _ b: ArraySlice<UInt8>, _ form: ParquetFile.TextForm, _ fail: (String) -> Failure
    ) throws -> [UInt8] {
        guard case .decimal = form else { return Array(b) }
        var significant = b
        while significant.count > 8, let f = significant.first, f == 0 || f == 0xFF {
            significant = significant.dropFirst()
        }
        guard significant.count <= 8 else { throw fail("a decimal wider than 64 bits") }
        var v: Int64 = significant.first.map { $0 & 0x80 != 0 ? -1 : 0 } ?? 0
        for x in significant { v = v << 8 | Int64(x) }
        return integerText(v, form)
    }

    /// A page's body, decompressed to `size` bytes.
    private static func decompress(
        _ page: ArraySlice<UInt8>, codec: Int, size: Int, _ fail: (String) -> Failure
    ) throws -> [UInt8] {
        guard size >= 0, size <= 1 << 28 else {
            throw fail("a page of \(size) bytes (ecomdash reads pages of up to 256 MiB)")
        }
        var out = [UInt8](repeating: 0, count: size)
        let input = Array(page)
        switch codec {
        case 0:
            guard input.count == size else { throw fail("an uncompressed page whose sizes disagree") }
            return input
        case 1:
            var length = size
            let status = input.withUnsafeBytes { i in
                out.withUnsafeMutableBytes { o in
                    snappy_uncompress(
                        i.baseAddress?.assumingMemoryBound(to: CChar.self), input.count,
                        o.baseAddress?.assumingMemoryBound(to: CChar.self), &length)
                }
            }
            guard status == SNAPPY_OK, length == size else { throw fail("a Snappy page cannot be decompressed") }
        case 2:
            var stream = z_stream()
            guard inflateInit2_(&stream, 15 + 32, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
                throw fail("zlib cannot start")
            }
            defer { inflateEnd(&stream) }
            let rc = input.withUnsafeBufferPointer { i in
                out.withUnsafeMutableBufferPointer { o -> Int32 in
                    stream.next_in = UnsafeMutablePointer(mutating: i.baseAddress)
                    stream.avail_in = UInt32(i.count)
                    stream.next_out = o.baseAddress
                    stream.avail_out = UInt32(o.count)
                    return inflate(&stream, Z_FINISH)
                }
            }
            guard rc == Z_STREAM_END, Int(stream.total_out) == size else {
                throw fail("a GZIP page cannot be decompressed")
            }
        case 6:
            let n = input.withUnsafeBytes { i in
                out.withUnsafeMutableBytes { o in ZSTD_decompress(o.baseAddress, o.count, i.baseAddress, input.count) }
            }
            guard ZSTD_isError(n) == 0, n == size else { throw fail("a ZSTD page cannot be decompressed") }
        default:
            let names = [3: "LZO", 4: "BROTLI", 5: "LZ4", 7: "LZ4_RAW"]
            throw fail(
                "pages compressed with \(names[codec] ?? "codec \(codec)") are not read (none, SNAPPY, GZIP and ZSTD are)"
            )
        }
        return out
    }
}
