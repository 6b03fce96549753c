import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Reading a lake's files whole into reused buffers (writes go through ``DurableFile``).
enum LakeIO {
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
}
