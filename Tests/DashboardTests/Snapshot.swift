import Dashboard
import Foundation
import Testing

/// Compares a canvas with its reference text in `__Snapshots__/NAME.txt` (the characters, then
/// the style runs). A missing reference is recorded — except under CI (`CI` set), where it is a
/// failure, so CI never passes on references it made itself. `ECOMDASH_RECORD_SNAPSHOTS=1`
/// re-records every reference.
enum Snapshot {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "__Snapshots__")

    static func assert(_ canvas: Canvas, named name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let text = canvas.text + "\n---\n" + canvas.styleRuns + "\n"
        let url = directory.appendingPathComponent(name + ".txt")
        let env = ProcessInfo.processInfo.environment
        let record = env["ECOMDASH_RECORD_SNAPSHOTS"] == "1"
        if !record, let reference = try? String(contentsOf: url, encoding: .utf8) {
            if reference != text {
                let got = url.deletingPathExtension().appendingPathExtension("actual.txt")
                try? text.write(to: got, atomically: true, encoding: .utf8)
                Issue.record(
                    "snapshot \(name) differs; the new rendering is in \(got.path)", sourceLocation: sourceLocation)
            }
            return
        }
        if env["CI"] != nil, !record {
            Issue.record(
                "snapshot \(name) has no reference in \(directory.path): record it locally and commit it",
                sourceLocation: sourceLocation)
            return
        }
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try? text.write(to: url, atomically: true, encoding: .utf8)
    }
}
