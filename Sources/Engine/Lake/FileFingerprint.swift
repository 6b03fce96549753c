import CIsal
import Foundation

/// What identifies an input cheaply enough to check on every ingest of a 6 GB month: its
/// size and the CRC-32s of its first and last MiB. A file that changed in between with the same
/// size is not noticed — a conscious trade for not reading gigabytes twice.
enum FileFingerprint {
    /// A file's fingerprint; a directory's (a Parquet dataset) joins its files', by name.
    static func of(_ path: String) throws -> String {
        var directory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &directory) else {
            throw LakeError.unreadable(path, "no such file")
        }
        guard directory.boolValue else { return try file(path) }
        let files = (FileManager.default.enumerator(atPath: path)?.allObjects as? [String] ?? []).sorted()
        var parts: [String] = []
        for f in files {
            var isDirectory: ObjCBool = false
            FileManager.default.fileExists(atPath: path + "/" + f, isDirectory: &isDirectory)
            if !isDirectory.boolValue { parts.append(f + "=" + (try file(path + "/" + f))) }
        }
        return "dir:" + parts.joined(separator: ";")
    }

    private static func file(_ path: String) throws -> String {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        let size = (attributes[.size] as? NSNumber)?.int64Value ?? 0
        guard let handle = FileHandle(forReadingAtPath: path) else { throw LakeError.unreadable(path, "cannot open") }
        defer { try? handle.close() }
        let span: Int64 = 1 << 20
        let head = try handle.read(upToCount: Int(span)) ?? Data()
        try handle.seek(toOffset: UInt64(max(0, size - span)))
        let tail = try handle.read(upToCount: Int(span)) ?? Data()
        func crc(_ d: Data) -> String {
            let v = [UInt8](d).withUnsafeBufferPointer { crc32_gzip_refl(0, $0.baseAddress, UInt64($0.count)) }
            return String(v, radix: 16)
        }
        return "\(size):\(crc(head)):\(crc(tail))"
    }
}
