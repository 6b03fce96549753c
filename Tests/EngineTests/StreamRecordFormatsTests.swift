import Engine
import Foundation
import Testing

/// The record formats ecomdash writes and reads beside its own: the tutorial simulator's records
/// (as Python's `json.dumps` writes them) and Firehose's concatenated JSON objects in files.
@Suite("Tutorial records and Firehose objects")
struct StreamRecordFormatsTests {
    @Test("a tutorial record is json.dumps(row, indent=4): escapes and non-ASCII as Python writes them")
    func tutorialRecord() {
        // What `json.dumps({...}, indent=4)` prints for these fields (checked with CPython 3.11).
        let row = "2019-10-01 00:00:00 UTC,view,1,2,a.b,Bé \"q\" \\ 😀,1.00,3,s"
        let bytes = Array(row.utf8)
        var fields: [Range<Int>] = []
        var start = 0
        var inQuote = false
        for (i, b) in bytes.enumerated() where b == 0x2C && !inQuote {
            fields.append(start..<i)
            start = i + 1
            inQuote = false
        }
        fields.append(start..<bytes.count)
        var out: [UInt8] = []
        bytes.withUnsafeBufferPointer {
            TutorialRecord.encode($0, fields: fields, txnTimestamp: "2026-12-02T17:30:01.000005", into: &out)
        }
        let expected = """
            {
                "event_time": "2019-10-01 00:00:00 UTC",
                "event_type": "view",
                "product_id": "1",
                "category_id": "2",
                "category_code": "a.b",
                "brand": "B\\u00e9 \\"q\\" \\\\ \\ud83d\\ude00",
                "price": "1.00",
                "user_id": "3",
                "user_session": "s",
                "txn_timestamp": "2026-12-02T17:30:01.000005"
            }
            """
        #expect(String(decoding: out, as: UTF8.self) == expected)
    }

    @Test("txn_timestamp has six fraction digits, or none when the microsecond is 0, as isoformat() writes it")
    func txnTimestampForm() {
        let zero = TutorialRecord.timestamp(seconds: 1_700_000_000, microseconds: 0)
        let five = TutorialRecord.timestamp(seconds: 1_700_000_000, microseconds: 5)
        #expect(zero.count == 19 && !zero.contains("."))
        #expect(five == zero + ".000005")
    }

    @Test("Firehose objects: records back to back, braces inside strings, a record that is not an event rejected")
    func firehoseFile() throws {
        let dir = try TemporaryDirectory()
        func record(_ brand: String, _ user: Int) -> String {
            "{\"event_time\": \"2019-10-01 00:00:0\(user % 10) UTC\", \"event_type\": \"view\", \"product_id\": \"44600062\", "
                + "\"category_id\": \"2103807459595387724\", \"category_code\": \"\", \"brand\": \"\(brand)\", \"price\": \"35.79\", "
                + "\"user_id\": \"\(541_312_140 + user)\", \"user_session\": \"s\(user)\", \"txn_timestamp\": \"2026-12-02T17:30:01\"}"
        }
        var text = ""
        for i in 0..<3000 { text += record(i % 2 == 0 ? "a}{b" : "q\\\"{", i) + (i % 7 == 0 ? "\n" : "") }
        text += "{\"not\": \"an event\"} stray text\n{\"event_time\": \"2019-10-01"
        let path = try dir.write("firehose-object", Array(text.utf8))
        let result = try ingest([path], blockSize: 1 << 16)
        #expect(result.summary.rows == 3000)
        // Each is named with why, not as a CSV line with the wrong number of fields.
        #expect(
            result.rejects.map { "\($0.line) \($0.reason)" } == [
                "3002 not an event record: record has no event_time",
                "3003 not an event record: text between records that is not a JSON object",
                "3004 not an event record: a JSON object cut off at the end",
            ])
        #expect(result.rejects.first.map { String(decoding: $0.raw, as: UTF8.self) } == "{\"not\": \"an event\"}")
        // A CSV file's own line that looks marked is read as CSV: it cannot choose its reason.
        let csv = try dir.write("forged.csv", Array((header + "\u{1E}why\u{1F}data\n").utf8))
        #expect(try ingest([csv]).rejects.map(\.reason) == [.fieldCount(found: 1)])
        #expect(Set(result.store.snapshot().brandLabels).isSuperset(of: ["a}{b", "q\"{"]))
    }

    @Test("a record with a field missing leaves nothing of itself: the record after it is read")
    func missingFieldLeavesNothing() {
        let valid =
            "{\"event_time\": \"2019-10-01 00:00:01 UTC\", \"event_type\": \"view\", \"product_id\": \"44600062\", "
            + "\"category_id\": \"2103807459595387724\", \"category_code\": \"\", \"brand\": \"shiseido\", \"price\": \"35.79\", "
            + "\"user_id\": \"541312140\", \"user_session\": \"s1\"}"
        let cut = #"{"event_time": "2019-10-01 00:00:00 UTC", "event_type": "view", "product_id": "1"}"#
        let store = EventStore()
        let appender = StreamRecordAppender(name: "stream")
        for (k, text) in [cut, valid].enumerated() {
            Array(text.utf8).withUnsafeBufferPointer { appender.add($0, source: "shard 0 record", position: k + 1) }
        }
        appender.flush(into: store)
        #expect(store.count == 1)
        #expect(
            appender.rejected.map(\.message) == ["shard 0 record:1: not an event record: record has no category_id"])
    }
}
