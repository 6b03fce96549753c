import Foundation

/// The Parquet files a path names: the file itself, or every `*.parquet` below a directory (in
/// name order) with the Hive partition values (`key=value`) of the directories between.
enum ParquetFiles {
    static func list(_ root: String) throws -> [(path: String, partition: [(key: String, value: String)])] {
        var out: [(String, [(key: String, value: String)])] = []
        func walk(_ dir: String, _ partition: [(key: String, value: String)]) throws {
            let names: [String]
            do { names = try FileManager.default.contentsOfDirectory(atPath: dir).sorted() } catch {
                throw IngestError.cannotOpen(path: dir, reason: "\(error.localizedDescription)")
            }
            for name in names where !name.hasPrefix(".") && !name.hasPrefix("_") {
                let path = dir + "/" + name
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
                if isDirectory.boolValue {
                    var p = partition
                    if let eq = name.firstIndex(of: "=") {
                        var value = String(name[name.index(after: eq)...])
                        value = value.removingPercentEncoding ?? value
                        // How Hive (and pyarrow) name the partition of a null value.
                        if value == "__HIVE_DEFAULT_PARTITION__" { value = "" }
                        p.append((String(name[..<eq]), value))
                    }
                    try walk(path, p)
                } else if name.hasSuffix(".parquet") || name.hasSuffix(".parq") {
                    out.append((path, partition))
                }
            }
        }
        try walk(root, [])
        return out
    }
}
