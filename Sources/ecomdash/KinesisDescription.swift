import AWS
import Engine
import Foundation
import Report

/// `stream describe kinesis://NAME`: the stream's status and retention, its shards (parents,
/// hash-key ranges, open or closed) and the local named consumers' checkpoints.
struct KinesisDescription {
    let stream: String
    let settings: AWSSettings

    func print() throws {
        let client = KinesisClient(settings: settings)
        let summary =
            try client.call("DescribeStreamSummary", ["StreamName": stream])["StreamDescriptionSummary"]
            as? [String: Any] ?? [:]
        let shards = try client.listShards(stream)
        let status = summary["StreamStatus"] as? String ?? "?"
        let retention = (summary["RetentionPeriodHours"] as? NSNumber)?.intValue
        Swift.print(
            "kinesis://\(stream) (\(settings.region)): \(status), \(shards.filter { !$0.closed }.count) open shard(s) of "
                + "\(shards.count)\(retention.map { ", retention \($0) h" } ?? "")")
        var table = TextTable([
            .init("shard", .left), .init("state", .left), .init("parent", .left), .init("hash keys from", .left),
        ])
        for s in shards {
            table.add([
                s.id, s.closed ? "closed" : "open",
                [s.parent, s.adjacentParent].compactMap { $0 }.joined(separator: "+"),
                String(s.hashRange.lowerBound),
            ])
        }
        Swift.print(table.render(width: 120), terminator: "")
        let probe = KinesisCheckpoints(
            stream: stream, consumer: "-", region: settings.region, environment: ProcessInfo.processInfo.environment)
        let directory = (probe.path as NSString).deletingLastPathComponent
        let prefix = "\(settings.region).\(stream)."
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
            .filter { $0.hasPrefix(prefix) && $0.hasSuffix(".json") }.sorted()
        guard !files.isEmpty else {
            Swift.print("consumers: none on this machine (\(directory))")
            return
        }
        Swift.print("consumers on this machine (last sequence number processed, per shard):")
        for file in files {
            let name = String(file.dropFirst(prefix.count).dropLast(".json".count))
            let checkpoints = try KinesisCheckpoints(
                stream: stream, consumer: name, region: settings.region,
                environment: ProcessInfo.processInfo.environment
            ).load()
            Swift.print("  \(name):")
            for (shard, sequence) in checkpoints.sorted(by: { $0.key < $1.key }) {
                Swift.print("    \(shard): \(sequence)")
            }
        }
    }
}
