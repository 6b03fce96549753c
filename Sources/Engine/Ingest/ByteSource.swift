#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A stream of bytes: a file, or the inflated content of a gzip file or a zip entry.
protocol ByteSource: AnyObject {
    /// Fills up to `count` bytes at `buffer`; returns 0 at the end.
    func read(into buffer: UnsafeMutablePointer<UInt8>, count: Int) throws -> Int
    /// Bytes of the underlying file consumed so far, for progress.
    var consumed: Int64 { get }
    /// Something the reader should be told once the stream has ended (data ignored), or nil.
    var warning: String? { get }
    /// Whether its text may hold lines it marked as rejected (``RejectedLine``): only text it
    /// made itself from records, never a CSV file's own bytes.
    var marksRejectedLines: Bool { get }
}

extension ByteSource {
    var warning: String? { nil }
    var marksRejectedLines: Bool { false }
}

/// Bytes that can be read at any offset: a local file, or an object in S3 read by ranged GETs.
/// Everything that reads inputs (plain, gzip, zip, Parquet) reads through it, so a remote object
/// is opened exactly as a file is.
public protocol RandomAccessInput: AnyObject, Sendable {
    /// The name used in messages: a path, or `s3://bucket/key`.
    var path: String { get }
    var size: Int64 { get }
    /// Reads up to `count` bytes at `offset`; returns 0 at the end.
    func read(at offset: Int64, into buffer: UnsafeMutablePointer<UInt8>, count: Int) throws -> Int
}

extension RandomAccessInput {
    /// Reads exactly `count` bytes at `offset` into a new array, or fewer at the end.
    func bytes(at offset: Int64, count: Int) throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        var got = 0
        try out.withUnsafeMutableBufferPointer { b in
            while got < count {
                let n = try read(at: offset + Int64(got), into: b.baseAddress! + got, count: count - got)
                if n == 0 { break }
                got += n
            }
        }
        out.removeLast(count - got)
        return out
    }
}

/// An open file, read with `pread` so several readers (zip entries) can share it.
final class FileHandleReader: RandomAccessInput, @unchecked Sendable {
    let path: String
    let fd: Int32
    let size: Int64

    init(path: String) throws {
        self.path = path
        var st = stat()
        guard stat(path, &st) == 0 else {
            throw IngestError.cannotOpen(path: path, reason: String(cString: strerror(errno)))
        }
        switch st.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw IngestError.notAFile(path: path)
        // Checked before open(): opening a pipe with no writer would block.
        case S_IFIFO: throw IngestError.notARegularFile(path: path, kind: "a pipe (FIFO)")
        case S_IFCHR, S_IFBLK: throw IngestError.notARegularFile(path: path, kind: "a device")
        case S_IFSOCK: throw IngestError.notARegularFile(path: path, kind: "a socket")
        default: throw IngestError.notARegularFile(path: path, kind: "a special file")
        }
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw IngestError.cannotOpen(path: path, reason: String(cString: strerror(errno))) }
        self.fd = fd
        self.size = Int64(st.st_size)
    }

    deinit { close(fd) }

    /// Reads up to `count` bytes at `offset`; returns 0 at the end of the file.
    func read(at offset: Int64, into buffer: UnsafeMutablePointer<UInt8>, count: Int) throws -> Int {
        while true {
            let n = pread(fd, buffer, count, off_t(offset))
            if n >= 0 { return n }
            if errno == EINTR { continue }
            throw IngestError.corrupt(path: path, offset: offset, reason: String(cString: strerror(errno)))
        }
    }
}

/// A byte range of an input: a whole plain file, or a stored zip entry.
final class FileRangeSource: ByteSource {
    private let file: any RandomAccessInput
    private var offset: Int64
    private let end: Int64
    private(set) var consumed: Int64 = 0

    init(file: any RandomAccessInput, offset: Int64 = 0, length: Int64? = nil) {
        self.file = file
        self.offset = offset
        self.end = length.map { offset + $0 } ?? file.size
    }

    func read(into buffer: UnsafeMutablePointer<UInt8>, count: Int) throws -> Int {
        let want = Int(min(Int64(count), end - offset))
        guard want > 0 else { return 0 }
        let n = try file.read(at: offset, into: buffer, count: want)
        offset += Int64(n)
        consumed += Int64(n)
        return n
    }
}
