/// One shard of a Kinesis stream as ListShards describes it: its parents (after a reshard), the
/// range of 128-bit hash keys it takes, and whether it is closed.
public struct KinesisShard: Sendable, Equatable {
    public var id: String
    public var parent: String?
    public var adjacentParent: String?
    public var hashRange: ClosedRange<UInt128>
    /// Closed by a split or a merge: it takes no new records and ends where its children begin.
    public var closed: Bool

    init?(_ d: [String: Any]) {
        guard let id = d["ShardId"] as? String,
            let range = d["HashKeyRange"] as? [String: Any],
            let low = (range["StartingHashKey"] as? String).flatMap({ UInt128($0) }),
            let high = (range["EndingHashKey"] as? String).flatMap({ UInt128($0) }), low <= high
        else { return nil }
        self.id = id
        parent = d["ParentShardId"] as? String
        adjacentParent = d["AdjacentParentShardId"] as? String
        hashRange = low...high
        closed = ((d["SequenceNumberRange"] as? [String: Any])?["EndingSequenceNumber"] as? String) != nil
    }
}

extension KinesisClient {
    /// Every shard of `stream` (open and closed, as long as they hold records), following
    /// ListShards' NextToken — which is sent alone, without the stream's name, as the API asks.
    public func listShards(_ stream: String) throws -> [KinesisShard] {
        var shards: [KinesisShard] = []
        var token: String? = nil
        repeat {
            let page = try call("ListShards", token.map { ["NextToken": $0] } ?? ["StreamName": stream])
            shards += (page["Shards"] as? [[String: Any]] ?? []).compactMap(KinesisShard.init)
            token = page["NextToken"] as? String
        } while token != nil
        return shards
    }
}
