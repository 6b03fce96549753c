#if canImport(Glibc)
    import Glibc
#endif

/// Replaces a small file so that, whatever happens meanwhile (a kill, a crash, a power cut), the
/// path holds either the old contents or the new, whole: write a temporary file beside it, flush
/// it to disk, rename it over the path, flush the directory.
public enum DurableFile {
    public struct Failure: Error, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String { "\(path): \(reason)" }
    }

    /// The file written beside `path` before it replaces it: what a kill mid-replace leaves.
    public static func temporary(of path: String) -> String { path + ".tmp" }

    public static func replace(_ path: String, with bytes: [UInt8]) throws {
        let temporary = temporary(of: path)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw Failure(path: temporary, reason: String(cString: strerror(errno))) }
        do {
            try writeAll(fd, bytes, path: temporary)
        } catch {
            close(fd)
            throw error
        }
        let synced = fsync(fd) == 0
        let reason = String(cString: strerror(errno))
        close(fd)
        guard synced else { throw Failure(path: temporary, reason: reason) }
        guard rename(temporary, path) == 0 else { throw Failure(path: path, reason: String(cString: strerror(errno))) }
        syncDirectory(path.lastIndex(of: "/").map { String(path[..<$0]) } ?? ".")
    }

    /// Writes all of `bytes` to `fd` (retrying short writes and interruptions).
    static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws {
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBufferPointer { write(fd, $0.baseAddress! + written, $0.count - written) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { throw Failure(path: path, reason: String(cString: strerror(errno))) }
            written += n
        }
    }

    /// Flushes a directory's entries (a rename or a new file in it) to disk.
    static func syncDirectory(_ directory: String) {
        let dfd = open(directory.isEmpty ? "/" : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dfd >= 0 {
            fsync(dfd)
            close(dfd)
        }
    }
}
