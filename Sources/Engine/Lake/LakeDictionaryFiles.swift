import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A lake's dictionaries on disk: one append-only file each under `dictionaries/`, records in
/// code order (ids as UInt64, sessions as 16 bytes, categories as id and code-string code,
/// strings as a UInt32 length and their bytes). The manifest records how many bytes of each file
/// are committed: bytes past that (an ingest killed after appending, before its manifest) are
/// ignored when reading and cut off before the next append.
struct LakeDictionaryFiles {
    static let names = ["users", "products", "sessions", "categories", "brands", "category_codes", "odd_sessions"]

    let directory: String

    init(lake: String) { directory = lake + "/dictionaries" }

    func path(_ name: String) -> String { directory + "/" + name + ".bin" }

    /// The committed entries; without `sessionKeys`, the session keys are left unread (a
    /// read-only store only counts sessions). With `after` (the committed bytes and counts of an
    /// earlier manifest), only the entries added since: each file is read from where they begin.
    func read(
        bytes committed: [String: Int], counts all: DictionaryCounts, sessionKeys: Bool,
        after earlier: (bytes: [String: Int], counts: DictionaryCounts)? = nil
    ) throws -> DictionaryEntries {
        var e = DictionaryEntries()
        let counts = earlier.map { Lake.difference(all, $0.counts) } ?? all
        func file(_ name: String) throws -> Reader {
            let start = earlier?.bytes[name] ?? 0
            let size = (committed[name] ?? 0) - start
            guard size > 0 else { return Reader(bytes: [], name: path(name)) }
            guard let handle = FileHandle(forReadingAtPath: path(name)) else {
                throw LakeError.unreadable(path(name), "cannot open")
            }
            defer { try? handle.close() }
            try handle.seek(toOffset: UInt64(start))
            let data = try handle.read(upToCount: size) ?? Data()
            guard data.count == size else {
                throw LakeError.damaged(
                    path(name), "holds \(start + data.count) bytes, the manifest committed \(start + size)")
            }
            return Reader(bytes: [UInt8](data), name: path(name))
        }
        var r = try file("users")
        e.users = try (0..<counts.users).map { _ in try r.u64() }
        r = try file("products")
        e.products = try (0..<counts.products).map { _ in try r.u64() }
        if sessionKeys {
            r = try file("sessions")
            e.sessions = try (0..<counts.sessions).map { _ in Key128(high: try r.u64(), low: try r.u64()) }
        } else {
            e.unkeyedSessions = counts.sessions
        }
        r = try file("categories")
        e.categories = try (0..<counts.categories).map { _ in CategoryKey(id: try r.u64(), code: try r.u32()) }
        r = try file("brands")
        e.brands = try (0..<counts.brands).map { _ in try r.text() }
        r = try file("category_codes")
        e.categoryCodes = try (0..<counts.categoryCodes).map { _ in try r.text() }
        r = try file("odd_sessions")
        e.oddSessions = try (0..<counts.oddSessions).map { _ in
            (key: Key128(high: try r.u64(), low: try r.u64()), text: try r.text())
        }
        return e
    }

    /// Appends `added` after the committed bytes (cutting off anything past them first), flushes
    /// every file to disk, and returns the new committed sizes.
    func append(_ added: DictionaryEntries, after committed: [String: Int]) throws -> [String: Int] {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var records: [String: [UInt8]] = [:]
        var w = Writer()
        records["users"] = Writer.bytes(of: added.users)
        records["products"] = Writer.bytes(of: added.products)
        let sessions = added.sessions
        records["sessions"] = Writer.bytes(
            of: [UInt64](unsafeUninitializedCapacity: 2 * sessions.count) { words, count in
                for (k, s) in sessions.enumerated() {
                    words[2 * k] = s.high
                    words[2 * k + 1] = s.low
                }
                count = 2 * sessions.count
            })
        for c in added.categories {
            w.u64(c.id)
            w.u32(c.code)
        }
        records["categories"] = w.take()
        for b in added.brands { w.text(b) }
        records["brands"] = w.take()
        for c in added.categoryCodes { w.text(c) }
        records["category_codes"] = w.take()
        for o in added.oddSessions {
            w.u64(o.key.high)
            w.u64(o.key.low)
            w.text(o.text)
        }
        records["odd_sessions"] = w.take()
        var sizes = committed
        for name in Self.names {
            let bytes = records[name] ?? []
            let start = committed[name] ?? 0
            let fd = open(path(name), O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
            guard fd >= 0 else { throw LakeError.unreadable(path(name), String(cString: strerror(errno))) }
            defer { close(fd) }
            guard ftruncate(fd, off_t(start)) == 0, lseek(fd, off_t(start), SEEK_SET) == off_t(start) else {
                throw LakeError.unreadable(path(name), String(cString: strerror(errno)))
            }
            try DurableFile.writeAll(fd, bytes, path: path(name))
            guard fsync(fd) == 0 else { throw LakeError.unreadable(path(name), String(cString: strerror(errno))) }
            sizes[name] = start + bytes.count
        }
        DurableFile.syncDirectory(directory)
        return sizes
    }

    private struct Writer {
        var bytes: [UInt8] = []

        mutating func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
        mutating func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
        mutating func text(_ t: [UInt8]) {
            u32(UInt32(t.count))
            bytes.append(contentsOf: t)
        }
        /// `words` as little-endian bytes, converted whole: 8.4 M sessions a month appended 8
        /// bytes at a time took a third of a second.
        static func bytes(of words: [UInt64]) -> [UInt8] {
            words.map { $0.littleEndian }.withUnsafeBytes { Array($0) }
        }

        mutating func take() -> [UInt8] {
            defer { bytes = [] }
            return bytes
        }
    }

    /// Dictionary records: integers and length-prefixed text.
    private struct Reader {
        var le: LittleEndianReader

        init(bytes: [UInt8], name: String) {
            le = LittleEndianReader(bytes) { LakeError.damaged(name, "ends inside a record") }
        }

        mutating func u64() throws -> UInt64 { try le.u64() }
        mutating func u32() throws -> UInt32 { try le.u32() }
        mutating func text() throws -> [UInt8] { Array(try le.take(Int(try le.u32()))) }
    }
}
