import Engine
import Foundation

/// One self-updating line on standard error: bytes, rows per second and time left.
///
/// Shown only when standard error is a terminal and the input is large enough to wait for.
struct ProgressMeter {
    static let minimumBytes: Int64 = 8 << 20
    private var lastDraw = Date.distantPast
    private let enabled: Bool

    init(totalBytes: Int64) {
        enabled = isatty(2) == 1 && totalBytes >= Self.minimumBytes
    }

    mutating func update(_ p: IngestProgress) {
        guard enabled, Date().timeIntervalSince(lastDraw) > 0.1 else { return }
        lastDraw = Date()
        let fraction = p.bytesTotal > 0 ? Double(p.bytesRead) / Double(p.bytesTotal) : 0
        let rate = p.elapsed > 0 ? Double(p.rows) / p.elapsed : 0
        let eta = fraction > 0.01 ? p.elapsed * (1 - fraction) / fraction : 0
        let line = String(
            format: "\r%@ / %@  %3.0f%%  %@ rows  %@ rows/s  ETA %.0fs ",
            Self.megabytes(p.bytesRead), Self.megabytes(p.bytesTotal), fraction * 100,
            grouped(p.rows), grouped(Int(rate)), eta)
        FileHandle.standardError.write(Data(line.utf8))
    }

    /// Clears the line once the work is done.
    func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }

    private static func megabytes(_ b: Int64) -> String { String(format: "%.0f MB", Double(b) / 1e6) }

    private func grouped(_ v: Int) -> String {
        let s = String(v)
        var out = ""
        for (i, c) in s.enumerated() {
            if i > 0, (s.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return out
    }
}

/// Writes a line to standard error.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
