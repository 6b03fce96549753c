import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Whole writes and directory flushes for the lake's files.
enum LakeIO {
    static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws {
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBufferPointer { write(fd, $0.baseAddress! + written, $0.count - written) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { throw LakeError.unreadable(path, String(cString: strerror(errno))) }
            written += n
        }
    }

    /// Writes a new immutable file: aside, flushed, renamed into place, its directory flushed.
    static func writeNew(_ path: String, _ bytes: [UInt8]) throws {
        let temporary = path + ".tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw LakeError.unreadable(temporary, String(cString: strerror(errno))) }
        do {
            try writeAll(fd, bytes, path: temporary)
            guard fsync(fd) == 0 else { throw LakeError.unreadable(temporary, String(cString: strerror(errno))) }
        } catch {
            close(fd)
            throw error
        }
        close(fd)
        guard rename(temporary, path) == 0 else { throw LakeError.unreadable(path, String(cString: strerror(errno))) }
        syncDirectory((path as NSString).deletingLastPathComponent)
    }

    /// Reads a whole file into `buffer` (keeping its capacity).
    static func read(_ path: String, into buffer: inout [UInt8]) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw LakeError.unreadable(path, "listed in the manifest but cannot be read") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw LakeError.unreadable(path, String(cString: strerror(errno))) }
        let size = Int(info.st_size)
        if buffer.count != size {
            buffer.removeAll(keepingCapacity: true)
            buffer.append(contentsOf: repeatElement(0, count: size))
        }
        var done = 0
        while done < size {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + done, size - done) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { throw LakeError.damaged(path, "ends at byte \(done) of \(size)") }
            done += n
        }
    }

    static func syncDirectory(_ directory: String) {
        let dfd = open(directory.isEmpty ? "." : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dfd >= 0 {
            fsync(dfd)
            close(dfd)
        }
    }
}
