import Foundation

/// With `ECOMDASH_TRACE=1`, prints how long each phase took and the peak memory so far to
/// standard error: the figures behind BENCHMARKS.md, from any run.
struct PhaseTrace {
    private let enabled = ProcessInfo.processInfo.environment["ECOMDASH_TRACE"] != nil
    private var last = Date()

    /// Ends the phase `name`, begun at the previous mark.
    mutating func mark(_ name: String) {
        guard enabled else { return }
        let now = Date()
        let peak =
            (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8))?
            .split(separator: "\n").first { $0.hasPrefix("VmHWM") }?
            .split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "?"
        printError(String(format: "trace: %@ %.3f s, peak RSS %@ kB", name, now.timeIntervalSince(last), String(peak)))
        last = now
    }
}
