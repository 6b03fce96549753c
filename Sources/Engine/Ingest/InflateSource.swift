import CZlib

/// Inflates a gzip file (any number of concatenated members) or a raw deflate stream (a zip
/// entry) with zlib, in constant memory.
///
/// A gzip file may hold several members back to back (`cat a.gz b.gz`); zlib stops at the end of
/// each, so the source resets the stream and goes on while input remains.
final class InflateSource: ByteSource {
    enum Format {
        case gzip
        case rawDeflate
    }

    private let input: ByteSource
    private let path: String
    private let format: Format
    private let stream: UnsafeMutablePointer<z_stream>
    private let inBuffer: UnsafeMutablePointer<UInt8>
    private let inCapacity = 1 << 18
    private var inputEnded = false
    private var finished = false

    var consumed: Int64 { input.consumed }

    init(input: ByteSource, path: String, format: Format) throws {
        self.input = input
        self.path = path
        self.format = format
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        inBuffer = .allocate(capacity: inCapacity)
        let bits: Int32 = format == .gzip ? 15 + 16 : -15
        let rc = inflateInit2_(stream, bits, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard rc == Z_OK else {
            stream.deallocate()
            inBuffer.deallocate()
            throw IngestError.corrupt(path: path, offset: 0, reason: "zlib could not start (\(rc))")
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deallocate()
        inBuffer.deallocate()
    }

    func read(into buffer: UnsafeMutablePointer<UInt8>, count: Int) throws -> Int {
        if finished || count == 0 { return 0 }
        stream.pointee.next_out = buffer
        stream.pointee.avail_out = UInt32(min(count, Int(UInt32.max)))
        while stream.pointee.avail_out > 0 {
            if stream.pointee.avail_in == 0, !inputEnded {
                let n = try input.read(into: inBuffer, count: inCapacity)
                if n == 0 { inputEnded = true }
                stream.pointee.next_in = inBuffer
                stream.pointee.avail_in = UInt32(n)
            }
            if stream.pointee.avail_in == 0, inputEnded {
                throw corrupt("the compressed data ends too early (truncated file?)")
            }
            let rc = inflate(stream, Z_NO_FLUSH)
            if rc == Z_STREAM_END {
                let another = format == .gzip ? try moreInput() : false
                if !another {
                    finished = true
                    break
                }
                inflateReset(stream)
                continue
            }
            if rc == Z_BUF_ERROR { continue }
            guard rc == Z_OK else {
                let msg = stream.pointee.msg.map { String(cString: $0) } ?? "error \(rc)"
                throw corrupt(msg)
            }
        }
        return Int(UInt32(min(count, Int(UInt32.max))) - stream.pointee.avail_out)
    }

    /// Whether another gzip member follows the one that just ended.
    private func moreInput() throws -> Bool {
        if stream.pointee.avail_in > 0 { return true }
        if inputEnded { return false }
        let n = try input.read(into: inBuffer, count: inCapacity)
        if n == 0 {
            inputEnded = true
            return false
        }
        stream.pointee.next_in = inBuffer
        stream.pointee.avail_in = UInt32(n)
        return true
    }

    private func corrupt(_ reason: String) -> IngestError {
        .corrupt(path: path, offset: input.consumed - Int64(stream.pointee.avail_in), reason: reason)
    }
}
