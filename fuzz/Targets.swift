// libFuzzer entry points for ecomdash's parsers, compiled together with the Engine sources by
// fuzz/run.sh (`swiftc -sanitize=fuzzer,address`). One binary holds every target; FUZZ_TARGET
// chooses which one runs. Each target feeds the bytes through the real code path and checks the
// invariants a user relies on, trapping when one breaks: never a crash, never a hang, every record
// either read or rejected.
import Foundation

/// Bytes in memory as a byte source (the reader's interface to files and inflaters).
final class FuzzBytes: ByteSource {
    private let bytes: [UInt8]
    private var at = 0
    init(_ bytes: [UInt8]) { self.bytes = bytes }
    var consumed: Int64 { Int64(at) }
    func read(into buffer: UnsafeMutablePointer<UInt8>, count: Int) throws -> Int {
        let n = min(count, bytes.count - at)
        bytes.withUnsafeBufferPointer { buffer.update(from: $0.baseAddress! + at, count: n) }
        at += n
        return n
    }
}

/// The CSV path: the splitter (small blocks, so records straddle them) and the parser. Whatever
/// the bytes, the blocks together hold every byte after the header once, in order, and every
/// rejected record lies inside its block. (A store per input would cost more than the parse; the
/// store is exercised by the test suite.)
func fuzzCSV(_ input: [UInt8]) {
    let text = Array(EventSchema.headerLine.utf8) + [0x0A] + input
    var splitter = RecordSplitter(source: FuzzBytes(text), name: "fuzz.csv", blockSize: 64)
    guard (try? splitter.readHeader()) != nil else { return }
    let parser = RowParser()
    var block = ParsedBlock()
    var joined: [UInt8] = []
    while (try? splitter.nextBlock(into: &block.bytes)) == true {
        joined += block.bytes
        parser.parse(&block)
        for r in block.rejects { precondition(r.start <= r.end && r.end <= block.bytes.count) }
        precondition(block.count + block.rejects.count <= max(1, block.lines + 1))
        block.reset(source: 0, sequence: 0)
    }
    precondition(joined == input, "the blocks hold the input, each byte once")
}

/// Gzip input: inflated through ISA-L in small reads; damage is an error, never a crash.
func fuzzGzip(_ input: [UInt8]) {
    let source = InflateSource(input: FuzzBytes(input), path: "fuzz.gz", format: .gzip)
    var buffer = [UInt8](repeating: 0, count: 4096)
    var total = 0
    while let n = try? buffer.withUnsafeMutableBufferPointer({ try source.read(into: $0.baseAddress!, count: 4096) }),
        n > 0
    {
        total += n
        if total > 64 << 20 { return }  // a bomb: enough
    }
}

/// Zip archives: the central directory, entries' headers, inflate and the CRC check.
func fuzzZip(_ input: [UInt8]) {
    let path = NSTemporaryDirectory() + "ecomdash-fuzz-\(getpid()).zip"
    guard FileManager.default.createFile(atPath: path, contents: Data(input)) else { return }
    defer { unlink(path) }
    guard let streams = try? InputFile.streams(for: path) else { return }
    for s in streams.prefix(4) {
        guard let source = try? s.open() else { continue }
        var buffer = [UInt8](repeating: 0, count: 4096)
        var total = 0
        while let n = try? buffer.withUnsafeMutableBufferPointer({
            try source.read(into: $0.baseAddress!, count: 4096)
        }), n > 0 {
            total += n
            if total > 64 << 20 { break }
        }
    }
}

/// Shard-log segments: frames parsed from any bytes; every record found lies inside the buffer
/// and the parser always moves forward.
func fuzzFrames(_ input: [UInt8]) {
    input.withUnsafeBufferPointer { b in
        var at = 0
        while at < b.count {
            switch RecordFrame.parse(b, at: at) {
            case .record(_, _, let payload, let next):
                precondition(payload.lowerBound >= at && payload.upperBound <= b.count && next > at && next <= b.count)
                at = next
            case .incomplete: return
            case .corrupt: at += 1
            }
        }
    }
}

/// Stream records: the tutorial's JSON, ecomdash's own format, CSV lines; a record is turned into
/// a CSV row or refused with a reason, and a row it makes has nine fields.
func fuzzRecord(_ input: [UInt8]) {
    input.withUnsafeBufferPointer { b in
        var out: [UInt8] = []
        _ = EventRecordCodec.userAndType(b)
        if EventRecordCodec.csvRow(b, into: &out) == nil {
            precondition(out.last == 0x0A, "a row ends with a newline")
        }
    }
}

/// toml: theme and config files. Parsed or refused with a line inside the file; every key parsed
/// is non-empty, and the line of every entry is one of the file's lines.
func fuzzTOML(_ input: [UInt8]) {
    let text = String(decoding: input, as: UTF8.self)
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).count
    do {
        let table = try TOMLTable(text: text, file: "fuzz.toml")
        for (key, entry) in table.entries {
            precondition(!key.isEmpty, "an empty key")
            precondition((1...lines).contains(entry.line), "entry line \(entry.line) of \(lines)")
        }
    } catch let e as TOMLTable.ParseError {
        precondition((1...lines).contains(e.line), "error line \(e.line) of \(lines)")
        precondition(!e.message.isEmpty, "an error without a reason")
    } catch {
        preconditionFailure("an error that names no line: \(error)")
    }
}

/// parquet: a file as ecomdash and pyarrow write them, damaged — the footer, page headers, levels,
/// dictionary indices, codecs. Read to the end as CSV text, or refused with an error that names
/// the file; never a crash, and exactly the rows the row groups claim (one CSV record each).
func fuzzParquet(_ input: [UInt8]) {
    let path = "/dev/shm/ecomdash-fuzz-\(getpid()).parquet"
    guard FileManager.default.createFile(atPath: path, contents: Data(input)) else { return }
    defer { unlink(path) }
    do {
        for stream in try InputFile.streams(for: path) {
            let source = try stream.open()
            var buffer = [UInt8](repeating: 0, count: 1 << 16)
            // Records end at newlines outside quotes (a string value may hold a quoted newline).
            var records = 0
            var quoted = false
            while true {
                let n = try buffer.withUnsafeMutableBufferPointer {
                    try source.read(into: $0.baseAddress!, count: $0.count)
                }
                if n == 0 { break }
                for b in buffer[0..<n] {
                    if b == 0x22 {
                        quoted.toggle()
                    } else if b == 0x0A, !quoted {
                        records += 1
                    }
                }
            }
            let claimed = (try? ParquetFile(path: path).rowGroups.reduce(0) { $0 + Int($1.rows) }) ?? 0
            precondition(!quoted, "a quoted field left open")
            precondition(records == claimed + 1, "\(records) records for \(claimed) rows and the header")
        }
    } catch let e as IngestError {
        precondition(e.description.contains(path), "an error that does not name the file: \(e)")
    } catch {
        preconditionFailure("an error of another kind: \(error)")
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    switch ProcessInfo.processInfo.environment["FUZZ_TARGET"] ?? "csv" {
    case "gzip": fuzzGzip(input)
    case "zip": fuzzZip(input)
    case "frames": fuzzFrames(input)
    case "record": fuzzRecord(input)
    case "toml": fuzzTOML(input)
    case "parquet": fuzzParquet(input)
    default: fuzzCSV(input)
    }
    return 0
}
