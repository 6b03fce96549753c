#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Refuses an output path that names one of the inputs, whatever the spelling (same device and
/// inode): `report IN.csv --rejects IN.csv` would otherwise replace the data with its rejects.
public enum OutputGuard {
    /// - Parameters:
    ///   - output: the path about to be written, or nil.
    ///   - option: the option that named it, for the message (`--rejects`).
    ///   - inputs: the paths read.
    /// - Throws: ``OutputError`` when `output` is an existing file that is also an input.
    public static func check(_ output: String?, option: String, inputs: [String]) throws {
        guard let output, let target = identity(output) else { return }
        for input in inputs where identity(input) == target {
            throw OutputError(
                path: output,
                reason: "\(option) names an input (\(input)); writing it would destroy the data: choose another path")
        }
    }

    private struct Identity: Equatable {
        var device: UInt64
        var inode: UInt64
    }

    private static func identity(_ path: String) -> Identity? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return Identity(device: UInt64(st.st_dev), inode: UInt64(st.st_ino))
    }
}
