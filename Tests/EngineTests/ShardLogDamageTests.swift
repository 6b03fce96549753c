import Foundation
import Testing

@testable import Engine

/// Damage to a shard log that used to lose records silently: a sealed segment cut short, a
/// segment removed from the middle, a segment or shard that cannot be read. Each is found, named
/// (shard, segment, how many records) and, with `skipCorrupt`, stepped over and counted.
@Suite("Shard log damage")
struct ShardLogDamageTests {
    /// A one-shard stream of 60 records in segments of about 200 bytes, and its segment paths.
    private func stream() throws -> (TemporaryDirectory, String, [String]) {
        let dir = try TemporaryDirectory()
        let path = dir.path("s")
        _ = try StreamDescriptor.create(at: path, shards: 1, retentionHours: 24)
        let w = try ShardWriter(streamDirectory: path, shard: 0, retentionHours: 24, segmentLimit: 200)
        for k in 0..<60 {
            let p = Array("record \(k)".utf8)
            try w.append(p, ranges: [0..<p.count])
        }
        let segments = try ShardSegments(directory: StreamDescriptor.shardDirectory(path, 0)).list().map(\.path)
        return (dir, path, segments)
    }

    private func readAll(_ path: String, skipCorrupt: Bool) throws -> (sequences: [UInt64], reader: ShardReader) {
        let reader = ShardReader(streamDirectory: path, shard: 0, from: .trimHorizon, skipCorrupt: skipCorrupt)
        var sequences: [UInt64] = []
        while try reader.read({ seq, _, _ in sequences.append(seq) }) > 0 {}
        return (sequences, reader)
    }

    @Test("a sealed segment cut short, at a record boundary or inside a record, is found")
    func truncatedSealedSegment() throws {
        for cut in [0, 7] {
            let (dir, path, segments) = try stream()
            defer { withExtendedLifetime(dir) {} }
            try #require(segments.count > 4)
            let victim = segments[1]
            let size = try FileManager.default.attributesOfItem(atPath: victim)[.size] as! Int
            let whole = try readAll(path, skipCorrupt: false).sequences.count
            #expect(whole == 60)
            // Keep the first record of the segment and `cut` bytes of the second.
            let first = RecordFrame.headerSize + "record 0".utf8.count
            let h = try #require(FileHandle(forWritingAtPath: victim))
            try h.truncate(atOffset: UInt64(min(size, first + cut)))
            try h.close()
            #expect {
                try readAll(path, skipCorrupt: false)
            } throws: { error in
                let text = "\(error)"
                return text.contains("shard 0") && text.contains(URL(fileURLWithPath: victim).lastPathComponent)
                    && text.contains("are missing")
            }
            let skipped = try readAll(path, skipCorrupt: true)
            let lost = 60 - skipped.sequences.count
            #expect(lost > 0)
            #expect(skipped.reader.skippedRecords == UInt64(lost))
            #expect(skipped.reader.damage.count == 1)
            #expect(skipped.sequences == skipped.sequences.sorted())
            #expect(skipped.sequences.last == 60, "records after the damage are read")
        }
    }

    @Test("a segment removed from the middle is a gap with its count, not a shorter shard")
    func removedSegment() throws {
        let (dir, path, segments) = try stream()
        defer { withExtendedLifetime(dir) {} }
        try FileManager.default.removeItem(atPath: segments[2])
        #expect {
            try readAll(path, skipCorrupt: false)
        } throws: { "\($0)".contains("are missing") }
        let skipped = try readAll(path, skipCorrupt: true)
        #expect(UInt64(skipped.sequences.count) + skipped.reader.skippedRecords == 60)
        let info = try StreamInfo(directory: path)
        #expect(info.shards[0].damage.count == 1)
        #expect(info.shards[0].damage[0].contains("are missing"))
    }

    /// Permissions hide nothing from root (CI runs as root), so the unreadable segment is a
    /// directory where a file should be, and the unreadable shard a file where its directory
    /// should be: each open or read then fails as an unreadable file's would.
    @Test("a segment or a shard directory that cannot be read is an error, not an empty shard")
    func unreadable() throws {
        let (dir, path, segments) = try stream()
        defer { withExtendedLifetime(dir) {} }
        try FileManager.default.removeItem(atPath: segments[1])
        try FileManager.default.createDirectory(atPath: segments[1], withIntermediateDirectories: false)
        #expect {
            try readAll(path, skipCorrupt: true)
        } throws: { "\($0)".contains(URL(fileURLWithPath: segments[1]).lastPathComponent) }
        let shardDir = StreamDescriptor.shardDirectory(path, 0)
        try FileManager.default.removeItem(atPath: shardDir)
        try Data("not a directory".utf8).write(to: URL(fileURLWithPath: shardDir))
        #expect {
            try readAll(path, skipCorrupt: true)
        } throws: { "\($0)".contains("cannot list the shard's directory") }
    }

    @Test("a missing shard directory is an error naming it")
    func missingShard() throws {
        let (dir, path, _) = try stream()
        defer { withExtendedLifetime(dir) {} }
        try FileManager.default.removeItem(atPath: StreamDescriptor.shardDirectory(path, 0))
        #expect {
            try readAll(path, skipCorrupt: true)
        } throws: { "\($0)".contains("the shard's directory is missing") }
    }
}
