import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The lock that lets one process at a time produce under a name on a stream.
///
/// A named producer resumes after the highest row number its name has in the stream; two runs of
/// the same name at once would both start from the same point and send every row twice. The lock
/// is an exclusive `flock` on `producers/NAME.lock` in the stream directory, held for the
/// producer's life and released by the kernel when the process ends however it ends, so a killed
/// producer never leaves a stale lock behind.
final class ProducerNameLock {
    private let fd: Int32

    /// - Throws: ``StreamError/producerBusy(name:directory:)`` when another process holds it.
    init(directory: String, name: String) throws {
        let folder = directory + "/producers"
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/" + Self.fileName(name) + ".lock"
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw StreamError.io(
                path: path, reason: "cannot open the producer's lock: \(String(cString: strerror(errno)))")
        }
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            if errno == EINTR { continue }
            close(fd)
            throw StreamError.producerBusy(name: name, directory: directory)
        }
        self.fd = fd
    }

    deinit { close(fd) }

    /// The name with every byte but letters, digits, `-`, `_` and `.` as `%XX`, so any name is one
    /// safe file name.
    static func fileName(_ name: String) -> String {
        var out = ""
        for b in name.utf8 {
            let c = Character(UnicodeScalar(b))
            if c.isASCII, c.isLetter || c.isNumber || c == "-" || c == "_" || (c == "." && !out.isEmpty) {
                out.append(c)
            } else {
                out += String(format: "%%%02X", b)
            }
        }
        return out
    }
}
