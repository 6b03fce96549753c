import AWS
import ArgumentParser
import Engine
import Foundation
import Report

/// `ecomdash stream …`: manage shard logs, local streams with the semantics of a Kinesis data
/// stream.
struct StreamCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stream",
        abstract: "Create, describe, follow and delete shard logs (local Kinesis-like streams).",
        discussion: "The on-disk format is documented in docs/shard-log.md.",
        subcommands: [Create.self, Describe.self, Delete.self, Consume.self])

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a stream directory with N shards.")
        @Argument(help: "The stream directory to create.") var directory: String
        @Option(help: "Number of shards; partition keys' MD5 hashes are split evenly among them.") var shards: Int = 4
        @Option(help: "Hours a record is kept; older segments are trimmed as new ones start.") var retention: Int = 24

        func validate() throws {
            guard (1...1024).contains(shards) else { throw ValidationError("--shards must be 1 to 1024") }
            guard retention >= 1 else { throw ValidationError("--retention must be at least 1 hour") }
        }

        func run() throws {
            let d = try StreamDescriptor.create(at: directory, shards: shards, retentionHours: retention)
            print("created \(directory): \(d.shards) shards, retention \(d.retentionHours) h")
        }
    }

    struct Describe: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show shards (hash key ranges, records, bytes, sequence numbers, times) and consumers.")
        @Argument(help: "The stream directory, or kinesis://NAME.") var directory: String
        @OptionGroup(title: "AWS (with kinesis://NAME)") var aws: AWSOptions

        func run() throws {
            if let name = KinesisAddress.streamName(directory) {
                try KinesisDescription(stream: name, settings: try aws.settings()).print()
                return
            }
            let info = try StreamInfo(directory: directory)
            let d = info.descriptor
            print("stream \(directory): \(d.shards) shards, retention \(d.retentionHours) h, created \(d.created)")
            var shards = TextTable([
                .init("shard", .left), .init("records"), .init("bytes"), .init("first seq"),
                .init("last seq"), .init("first arrival", .left), .init("last arrival", .left),
            ])
            for s in info.shards {
                shards.add([
                    String(s.shard), NumberFormat.grouped(s.records), NumberFormat.grouped(Int(s.bytes)),
                    s.records > 0 ? String(s.firstSequence) : "–", s.records > 0 ? String(s.lastSequence) : "–",
                    s.firstArrival.map { UTCCalendar.isoString(seconds: Int64($0 / 1000)) } ?? "–",
                    s.lastArrival.map { UTCCalendar.isoString(seconds: Int64($0 / 1000)) } ?? "–",
                ])
            }
            print(shards.render(width: 120), terminator: "")
            let damage = info.shards.flatMap(\.damage)
            if !damage.isEmpty {
                print("DAMAGED: records are missing or cut (readers stop here unless given --skip-corrupt):")
                for line in damage { print("  " + line) }
            }
            print("hash key ranges (MD5 of the partition key, as a 128-bit integer):")
            for s in 0..<d.shards {
                let r = d.shardMap.hashKeyRange(s)
                print("  shard \(s): \(r.starting) … \(r.ending)")
            }
            if info.consumers.isEmpty {
                print("consumers: none")
            } else {
                print("consumers (checkpoint per shard, records behind):")
                for (name, checkpoints) in info.consumers.sorted(by: { $0.key < $1.key }) {
                    let parts = info.shards.map { s -> String in
                        let c = checkpoints[s.shard] ?? 0
                        return "\(s.shard): \(c) (\(s.lastSequence > c ? s.lastSequence - c : 0) behind)"
                    }
                    print("  \(name): " + parts.joined(separator: ", "))
                }
            }
        }
    }

    struct Consume: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Follow a stream into the engine and report throughput and append-to-visible latency.",
            discussion: """
                Reads every shard as records arrive, as the dashboard's --follow does, until --until \
                records were read (or Ctrl-C). Prints records per second, and the latency from a \
                record's append (its arrival time: the shard log's stamp, or Kinesis' \
                ApproximateArrivalTimestamp) to its being visible in the engine: p50, p99, max.
                """)
        @Argument(help: "The stream: a shard-log directory or kinesis://NAME.") var directory: String
        @Option(help: "Stop after this many records.") var until: Int?
        @OptionGroup var read: StreamReadOptions
        @OptionGroup(title: "AWS (with kinesis://NAME)") var aws: AWSOptions

        func run() throws {
            installStopHandlers()
            let reader = try read.stream(directory, aws: aws)
            let store = EventStore()
            var latencies = LatencyHistogram()
            var first: Date? = nil
            var lastReport = Date()
            while !stopRequested.load(ordering: .relaxed), until.map({ reader.records < $0 }) ?? true {
                let n = try reader.pollFollowing(into: store) { arrivals in
                    let now = Date().timeIntervalSince1970 * 1000
                    for a in arrivals { latencies.record(milliseconds: now - Double(a)) }
                }
                if n > 0, first == nil { first = Date() }
                if n == 0 { Thread.sleep(forTimeInterval: 0.005) }
                if Date().timeIntervalSince(lastReport) > 1, isatty(2) == 1 {
                    lastReport = Date()
                    FileHandle.standardError.write(Data("\rread \(reader.records) records ".utf8))
                }
            }
            try reader.commit()
            let elapsed = first.map { Date().timeIntervalSince($0) } ?? 0
            print(
                String(
                    format: "read %d records in %.2f s: %.0f records/s", reader.records, elapsed,
                    Double(reader.records) / Swift.max(elapsed, 1e-9)))
            print(
                String(
                    format: "append-to-visible latency: p50 %.1f ms, p99 %.1f ms, max %.1f ms",
                    latencies.percentile(0.5),
                    latencies.percentile(0.99), latencies.maxMilliseconds))
        }
    }

    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a stream directory and everything in it.")
        @Argument(help: "The stream directory.") var directory: String

        func run() throws {
            try StreamDescriptor.delete(directory)
            print("deleted \(directory)")
        }
    }
}
