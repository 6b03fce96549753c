import CIsal

/// Inflates a gzip file (any number of concatenated members) or a raw deflate stream (a zip
/// entry) with Intel ISA-L, in constant memory.
///
/// ISA-L inflates about four times as fast as zlib here (BENCHMARKS.md), which puts compressed
/// input near the speed of plain files; it runs on the ingest's reader thread, beside the parsers.
/// Each gzip member's CRC-32 and length are checked by ISA-L as it reaches the member's end. A
/// file may hold several members back to back (`cat a.gz b.gz`); after the last, bytes that do not
/// start another member are ignored with a warning, as `gzip -d` does ("trailing garbage").
final class InflateSource: ByteSource {
    enum Format {
        case gzip
        case rawDeflate
    }

    private let input: ByteSource
    private let path: String
    private let format: Format
    private let state: UnsafeMutablePointer<inflate_state>
    private let inBuffer: UnsafeMutablePointer<UInt8>
    private let inCapacity = 1 << 18
    private var inputEnded = false
    private var finished = false
    private(set) var warning: String?

    var consumed: Int64 { input.consumed }

    init(input: ByteSource, path: String, format: Format) {
        self.input = input
        self.path = path
        self.format = format
        state = .allocate(capacity: 1)
        inBuffer = .allocate(capacity: inCapacity)
        isal_inflate_init(state)
        state.pointee.crc_flag = UInt32(format == .gzip ? ISAL_GZIP : ISAL_DEFLATE)
    }

    deinit {
        state.deallocate()
        inBuffer.deallocate()
    }

    func read(into buffer: UnsafeMutablePointer<UInt8>, count: Int) throws -> Int {
        if finished || count == 0 { return 0 }
        let want = UInt32(min(count, Int(UInt32.max)))
        state.pointee.next_out = buffer
        state.pointee.avail_out = want
        while state.pointee.avail_out > 0 {
            if state.pointee.avail_in == 0, !inputEnded { try refill() }
            let rc = isal_inflate(state)
            guard rc == ISAL_DECOMP_OK else { throw corrupt(Self.describe(rc)) }
            if state.pointee.block_state == ISAL_BLOCK_FINISH {
                if format == .gzip, try anotherMember() {
                    let nextIn = state.pointee.next_in
                    let availIn = state.pointee.avail_in
                    isal_inflate_reset(state)
                    state.pointee.crc_flag = UInt32(ISAL_GZIP)
                    state.pointee.next_in = nextIn
                    state.pointee.avail_in = availIn
                    continue
                }
                finished = true
                break
            }
            if state.pointee.avail_in == 0, inputEnded {
                // All input consumed, the stream not finished: only a cut file does this.
                if state.pointee.avail_out < want { break }  // hand out what was inflated first
                throw corrupt("the compressed data ends too early (truncated file?)")
            }
        }
        return Int(want - state.pointee.avail_out)
    }

    private func refill() throws {
        let n = try input.read(into: inBuffer, count: inCapacity)
        if n == 0 { inputEnded = true }
        state.pointee.next_in = inBuffer
        state.pointee.avail_in = UInt32(n)
    }

    /// Whether another gzip member follows the one that just ended; remembers a warning when
    /// bytes follow that are not one.
    private func anotherMember() throws -> Bool {
        if state.pointee.avail_in == 0, !inputEnded { try refill() }
        if state.pointee.avail_in == 0 { return false }
        if state.pointee.avail_in == 1, !inputEnded {
            // The magic number may straddle two reads: keep the byte and read on.
            let first = state.pointee.next_in[0]
            inBuffer[0] = first
            let n = try input.read(into: inBuffer + 1, count: inCapacity - 1)
            if n == 0 { inputEnded = true }
            state.pointee.next_in = inBuffer
            state.pointee.avail_in = UInt32(n + 1)
        }
        let p = state.pointee.next_in!
        if state.pointee.avail_in >= 2, p[0] == 0x1F, p[1] == 0x8B { return true }
        let at = input.consumed - Int64(state.pointee.avail_in)
        warning =
            "\(path): ignored \(inputEnded ? "\(state.pointee.avail_in)" : "the") bytes after the last gzip member "
            + "at byte \(at) (trailing garbage; the rows before it were read)"
        return false
    }

    private func corrupt(_ reason: String) -> IngestError {
        .corrupt(path: path, offset: input.consumed - Int64(state.pointee.avail_in), reason: reason)
    }

    private static func describe(_ rc: Int32) -> String {
        switch rc {
        case ISAL_INVALID_BLOCK: "invalid deflate block"
        case ISAL_INVALID_SYMBOL: "invalid deflate symbol"
        case ISAL_INVALID_LOOKBACK: "invalid deflate back-reference"
        case ISAL_INVALID_WRAPPER: "not a gzip member (bad header)"
        case ISAL_UNSUPPORTED_METHOD: "gzip member uses a compression method other than deflate"
        case ISAL_INCORRECT_CHECKSUM: "CRC-32 or length check failed: the data is damaged"
        case ISAL_NEED_DICT: "the stream needs a preset dictionary"
        default: "inflate error \(rc)"
        }
    }
}
