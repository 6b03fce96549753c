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
    private var pending: [UInt8] = []
    private var ended = false

    init(source: ByteSource, name: String, blockSize: Int) {
        self.source = source
        self.name = name
        self.blockSize = blockSize
    }

    /// Bytes of the underlying file consumed so far.
    var consumed: Int64 { source.consumed }

    /// Reads the header line and checks it names the dataset's columns, accepting a UTF-8 BOM and
    /// CRLF.
    mutating func readHeader() throws {
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
            let printable = String(
                text.unicodeScalars.map { $0.value < 32 || $0.value == 0xFFFD ? "?" : Character($0) })
            let shown = printable.count > 120 ? String(printable.prefix(120)) + "…" : printable
            throw IngestError.badHeader(path: name, found: shown.isEmpty ? "an empty first line" : "'\(shown)'")
        }
    }

    /// Replaces `block` with the next run of whole records; false at the end of the stream.
    mutating func nextBlock(into block: inout [UInt8]) throws -> Bool {
        block.removeAll(keepingCapacity: true)
        var target = blockSize
        while true {
            if !ended, pending.count < target { try fill(upTo: target) }
            if pending.isEmpty { return false }
            let cut = ended ? pending.count : lastRecordEnd(pending)
            if let cut {
                block.append(contentsOf: pending[..<cut])
                pending.removeFirst(cut)
                return true
            }
            target = pending.count * 2  // one record longer than a block: read more
        }
    }

    private mutating func fill(upTo size: Int) throws {
        let start = pending.count
        pending.reserveCapacity(size)
        var filled = start
        pending.append(contentsOf: repeatElement(0, count: size - start))
        try pending.withUnsafeMutableBufferPointer { b in
            while filled < size {
                let n = try source.read(into: b.baseAddress! + filled, count: size - filled)
                if n == 0 {
                    ended = true
                    break
                }
                filled += n
            }
        }
        pending.removeLast(size - filled)
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
