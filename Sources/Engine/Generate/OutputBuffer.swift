/// Collects output bytes and hands them to a sink in large writes.
struct OutputBuffer {
    let sink: ByteSink
    var bytes: [UInt8] = []

    init(sink: ByteSink) {
        self.sink = sink
        bytes.reserveCapacity(1 << 20 + 4096)
    }

    @inline(__always) mutating func append(_ b: UInt8) { bytes.append(b) }

    mutating func append(_ s: String) { bytes.append(contentsOf: s.utf8) }

    @inline(__always) mutating func append(_ b: [UInt8]) { bytes.append(contentsOf: b) }

    /// Decimal digits of `v`.
    @inline(__always)
    mutating func appendNumber(_ v: UInt64) {
        var digits:
            (
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8
            ) =
                (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = 0
        var x = v
        withUnsafeMutableBytes(of: &digits) { d in
            repeat {
                d[n] = UInt8(x % 10) + 0x30
                x /= 10
                n += 1
            } while x > 0
            for i in stride(from: n - 1, through: 0, by: -1) { bytes.append(d[i]) }
        }
    }

    /// Two digits, zero-padded.
    @inline(__always)
    mutating func appendTwoDigits(_ v: Int) {
        bytes.append(UInt8(v / 10) + 0x30)
        bytes.append(UInt8(v % 10) + 0x30)
    }

    mutating func flushIfLarge() throws {
        if bytes.count >= 1 << 20 { try flush() }
    }

    mutating func flush() throws {
        try bytes.withUnsafeBytes { try sink.write($0) }
        bytes.removeAll(keepingCapacity: true)
    }
}
