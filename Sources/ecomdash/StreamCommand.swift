import ArgumentParser
import Engine
import Foundation
import Report

/// `ecomdash stream …`: manage shard logs, local streams with the semantics of a Kinesis data
/// stream.
struct StreamCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stream",
        abstract: "Create, describe and delete shard logs (local Kinesis-like streams).",
        discussion: "The on-disk format is documented in docs/shard-log.md.",
        subcommands: [Create.self, Describe.self, Delete.self])

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
        @Argument(help: "The stream directory.") var directory: String

        func run() throws {
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

    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a stream directory and everything in it.")
        @Argument(help: "The stream directory.") var directory: String

        func run() throws {
            try StreamDescriptor.delete(directory)
            print("deleted \(directory)")
        }
    }
}
