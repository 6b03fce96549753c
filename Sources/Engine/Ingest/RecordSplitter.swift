import CSupport

/// Cuts a byte stream into blocks of whole CSV records, so blocks can be parsed in parallel.
///
/// A cut falls after a newline that ends a record. Where a block holds a quote, the splitter
/// follows RFC 4180 quoting from the block's start (always a record boundary), so a newline inside
/// a quoted field never splits a record. The header is read and checked first.
struct RecordSplitter {
    private let source: ByteSource
    private let name: String
    private let blockSize: Int
    /// Bytes read but not yet handed out: the header's surroundings, then a block's trailing
    /// partial record.
    private var pending: [UInt8] = []
    /// Where the source's bytes land before they are appended to a block: allocated when blocks
    /// are read, so that the many inputs opened at once (a prefix of small S3 objects, a directory
    /// of Parquet files) hold only their header's surroundings until their turn.
    private var readBuffer: [UInt8] = []
    private var ended = false

    /// Whether its blocks may hold lines marked as rejected (see ``RejectedLine``).
    var marksRejectedLines: Bool { source.marksRejectedLines }

    init(source: ByteSource, name: String, blockSize: Int) {
        self.source = source
        self.name = name
        self.blockSize = blockSize
    }

    /// Bytes of the underlying file consumed so far.
    var consumed: Int64 { source.consumed }

    /// What the source ignored, once it has ended.
    var warning: String? { source.warning }

    /// Reads the header line and checks it names the dataset's columns, accepting a UTF-8 BOM and
    /// CRLF.
    mutating func readHeader() throws {
        defer { readBuffer = [] }  // until this input's blocks are read
        while true {
            if let nl = pending.firstIndex(of: 0x0A) {
                var line = Array(pending[..<nl])
                pending.removeFirst(nl + 1)
                try check(&line)
                return
            }
            if ended || pending.count > 1 << 16 {
                guard !pending.isEmpty else { throw IngestError.emptyFile(path: name) }
                var line = pending
                if pending.count > 1 << 16 { line = Array(pending.prefix(200)) }
                pending.removeAll()
                try check(&line)
                return
            }
            try fill(upTo: pending.count + 1 << 16)
        }
    }

    private func check(_ line: inout [UInt8]) throws {
        if line.starts(with: [0xEF, 0xBB, 0xBF]) { line.removeFirst(3) }
        if line.last == 0x0D { line.removeLast() }
        let text = String(decoding: line, as: UTF8.self)
        let columns = text.split(separator: ",", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: "\" ")
        }
        guard columns == EventSchema.columns else {
            let shown = PrintableText.escape(text, limit: 120)
            throw IngestError.badHeader(path: name, found: shown.isEmpty ? "an empty first line" : "'\(shown)'")
        }
    }

    /// Replaces `block` with the next run of whole records; false at the end of the stream.
    ///
    /// The block starts with the partial record the last block left over, then takes bytes
    /// straight from the source: one copy of each byte, none of them zero-filled first.
    mutating func nextBlock(into block: inout [UInt8]) throws -> Bool {
        block.removeAll(keepingCapacity: true)
        block.append(contentsOf: pending)
        pending.removeAll(keepingCapacity: true)
        var target = blockSize
        while true {
            if !ended, block.count < target { try read(into: &block, upTo: target) }
            if block.isEmpty { return false }
            let cut = ended ? block.count : lastRecordEnd(block)
            if let cut {
                pending.append(contentsOf: block[cut...])
                block.removeLast(block.count - cut)
                return true
            }
            target = block.count * 2  // one record longer than a block: read more
        }
    }

    /// Appends bytes from the source to `buffer` until it holds `size` bytes or the source ends.
    private mutating func read(into buffer: inout [UInt8], upTo size: Int) throws {
        buffer.reserveCapacity(size)
        if readBuffer.isEmpty { readBuffer = [UInt8](repeating: 0, count: 1 << 18) }
        while buffer.count < size {
            let want = min(size - buffer.count, readBuffer.count)
            let n = try readBuffer.withUnsafeMutableBufferPointer { b in
                try source.read(into: b.baseAddress!, count: want)
            }
            if n == 0 {
                ended = true
                return
            }
            buffer.append(contentsOf: readBuffer[..<n])
        }
    }

    private mutating func fill(upTo size: Int) throws {
        var buffer = pending
        pending = []
        defer { pending = buffer }
        try read(into: &buffer, upTo: size)
    }

    /// Offset just past the last newline that ends a record, or `nil` if none does.
    ///
    /// Follows the same states as ``RowParser``'s quoted path, so both agree on where records end.
    private func lastRecordEnd(_ b: [UInt8]) -> Int? {
        let hasQuote = b.withUnsafeBytes { ecomdash_memchr($0.baseAddress!, 0x22, $0.count) != nil }
        guard hasQuote else { return b.lastIndex(of: 0x0A).map { $0 + 1 } }
        enum State { case fieldStart, unquoted, quoted, closed, trailing }
        var state = State.fieldStart
        var last: Int? = nil
        for (i, c) in b.enumerated() {
            switch state {
            case .quoted:
                if c == 0x22 { state = .closed }
            case .fieldStart, .unquoted, .closed, .trailing:
                if c == 0x2C {
                    state = .fieldStart
                } else if c == 0x0A {
                    state = .fieldStart
                    last = i + 1
                } else if c == 0x22, state == .fieldStart || state == .closed {
                    state = .quoted
                } else if state == .fieldStart {
                    state = .unquoted
                } else if state == .closed {
                    state = .trailing
                }
            }
        }
        return last
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: String) -> String {
        var s = self
        while let f = s.first, set.contains(f) { s.removeFirst() }
        while let l = s.last, set.contains(l) { s.removeLast() }
        return String(s)
    }
}
