import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The segment files of one shard: `NNNNNNNNNNNNNNNNNNNN.seg`, named by the sequence number of
/// their first record, in order.
struct ShardSegments {
    let directory: String

    /// (first sequence, path), oldest first.
    ///
    /// - Throws: ``StreamError/io(path:reason:)`` when the shard's directory is missing or cannot
    ///   be read: a shard that cannot be listed is never taken for an empty one.
    func list() throws -> [(first: UInt64, path: String)] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
            let reason =
                access(directory, F_OK) != 0 ? "the shard's directory is missing" : "cannot list the shard's directory"
            throw StreamError.io(path: directory, reason: reason + " (\(String(cString: strerror(errno))))")
        }
        return names.compactMap { name -> (UInt64, String)? in
            guard name.hasSuffix(".seg"), let first = UInt64(name.dropLast(4)) else { return nil }
            return (first, directory + "/" + name)
        }.sorted { $0.0 < $1.0 }
    }

    func path(first: UInt64) -> String {
        let digits = String(first)
        return directory + "/" + String(repeating: "0", count: max(0, 20 - digits.count)) + digits + ".seg"
    }

    /// Reads `count` bytes at `offset` of an open file (fewer at its end).
    static func read(_ fd: Int32, at offset: Int64, count: Int, path: String) throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        var got = 0
        try out.withUnsafeMutableBytes { b in
            while got < count {
                let n = pread(fd, b.baseAddress! + got, count - got, off_t(offset) + off_t(got))
                if n < 0 {
                    if errno == EINTR { continue }
                    throw StreamError.io(path: path, reason: String(cString: strerror(errno)))
                }
                if n == 0 { break }
                got += n
            }
        }
        out.removeLast(count - got)
        return out
    }

    static func size(_ fd: Int32) -> Int64 {
        var st = stat()
        fstat(fd, &st)
        return Int64(st.st_size)
    }
}
