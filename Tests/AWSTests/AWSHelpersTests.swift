import Engine
import Foundation
import Testing

@testable import AWS

/// S3's signing, addresses and listings, Hive partition pruning and shard descriptions, on
/// published examples and hand-made cases.
@Suite("S3 and Kinesis helpers")
struct AWSHelpersTests {
    @Test("S3 GetObject with a Range header signs as AWS's published example (sig-v4-header-based-auth)")
    func s3Signature() {
        let signer = SigV4Signer(
            credentials: AWSCredentials(
                accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
            region: "us-east-1", service: "s3")
        let signed = signer.sign(
            method: "GET", path: "/test.txt",
            headers: [
                ("Host", "examplebucket.s3.amazonaws.com"), ("Range", "bytes=0-9"),
                ("x-amz-content-sha256", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
            ], body: [], date: Date(timeIntervalSince1970: 1_369_353_600))  // 2013-05-24T00:00:00Z
        #expect(signed.signature == "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")
    }

    @Test("s3:// addresses: bucket and key, a bare bucket, and what is not one")
    func addresses() {
        #expect(S3Inputs.parse("s3://shop/a/b.csv")! == ("shop", "a/b.csv"))
        #expect(S3Inputs.parse("s3://shop")! == ("shop", ""))
        #expect(S3Inputs.parse("s3://shop/")! == ("shop", ""))
        #expect(S3Inputs.parse("/data/s3.csv") == nil)
    }

    @Test("Hive partitions give a span of time: year, month, day, hour, dt=; no year gives none")
    func partitionSpans() {
        func day(_ y: Int, _ m: Int, _ d: Int) -> Int64 { UTCCalendar.days(year: y, month: m, day: d) * 86_400 }
        let october = S3PartitionTime.span(["p_year=2019", "p_month=10"])!
        #expect(october.start == day(2019, 10, 1) && october.end == day(2019, 11, 1))
        let december = S3PartitionTime.span(["year=2019", "month=12"])!
        #expect(december.end == day(2020, 1, 1))
        let dt = S3PartitionTime.span(["dt=2019-10-05"])!
        #expect(dt.start == day(2019, 10, 5) && dt.end == day(2019, 10, 6))
        let hour = S3PartitionTime.span(["p_year=2019", "p_month=10", "p_day=5", "p_hour=13"])!
        #expect(hour.start == day(2019, 10, 5) + 13 * 3600 && hour.end == hour.start + 3600)
        #expect(S3PartitionTime.span(["category_id=7", "2026", "12"]) == nil)
        #expect(october.overlaps(TimeWindow(from: day(2019, 10, 31), to: day(2019, 11, 2))))
        #expect(!october.overlaps(TimeWindow(from: day(2019, 11, 1))))
        #expect(!october.overlaps(TimeWindow(to: day(2019, 10, 1))))
    }

    @Test("XML texts: elements in order, entities and character references decoded")
    func xml() {
        let text =
            "<L><Contents><Key>a&amp;b &lt;c&gt; &#233;&#x41;</Key><Size>5</Size></Contents><Contents><Key>d</Key></Contents></L>"
        let contents = XMLText.elements("Contents", in: text[...])
        #expect(contents.count == 2)
        #expect(XMLText.first("Key", in: contents[0]) == "a&b <c> éA")
        #expect(XMLText.first("Size", in: contents[1]) == nil)
    }

    @Test("a shard's 128-bit hash range, its parents and whether it is closed, as ListShards gives them")
    func shard() {
        let s = KinesisShard([
            "ShardId": "shardId-000000000004", "ParentShardId": "shardId-000000000001",
            "HashKeyRange": [
                "StartingHashKey": "170141183460469231731687303715884105728",
                "EndingHashKey": "340282366920938463463374607431768211455",
            ],
            "SequenceNumberRange": [
                "StartingSequenceNumber": "49590338271490256608559692538361571095921575989136588898",
                "EndingSequenceNumber": "49590338271490256608559692540925702759324208523137515618",
            ],
        ])!
        #expect(s.hashRange.lowerBound == UInt128(1) << 127 && s.hashRange.upperBound == UInt128.max)
        #expect(s.parent == "shardId-000000000001" && s.closed)
        #expect(KinesisShard(["ShardId": "x"]) == nil)
    }
}
