import Engine
import Foundation
import Report

/// The export key: the figures behind the panel on screen, as filtered, written as CSV (the
/// report's section that panel shows) and JSON (the whole report of the filtered window) — the
/// same formats `ecomdash report` writes, from the same code.
public enum PanelExport {
    /// Writes `ecomdash-PANEL-YYYYMMDD-HHMMSS.csv` and `.json` into `directory`; returns their paths.
    public static func write(
        _ data: DashboardData, feed: FeedStatus, panel: PanelKind, directory: String, now: Date = Date()
    ) throws -> [String] {
        var document = ReportDocument(
            source: ReportSource(
                inputs: [feed.source], rows: data.rows, rejected: feed.rejected, window: data.options.window),
            insights: data.insights, options: data.options, top: nil)
        document.anomalies = data.anomalies
        let seconds = Int64(now.timeIntervalSince1970)
        let stamp = UTCCalendar.isoString(seconds: seconds).filter { $0.isNumber || $0 == "T" }
            .replacingOccurrences(of: "T", with: "-")
        let name = panel.title.lowercased().replacingOccurrences(of: " ", with: "-")
        let base = (directory as NSString).appendingPathComponent("ecomdash-\(name)-\(stamp)")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let csv = base + ".csv"
        let json = base + ".json"
        try document.csv(panel.panel.exportSection).write(toFile: csv, atomically: true, encoding: .utf8)
        try (document.json.rendered() + "\n").write(toFile: json, atomically: true, encoding: .utf8)
        return [csv, json]
    }
}
