/// Which column's value a producer uses as the partition key, which picks the shard.
public enum PartitionKey: String, CaseIterable, Sendable {
    /// `user_id` (the default): a user's events stay in order on one shard, which per-user figures
    /// (carts then purchases, bursts in 10-second windows) need, and 3 M users spread evenly.
    case user
    /// `user_session`: as even, keeps only sessions together.
    case session
    /// `category_id`, as the tutorial's simulator does: few, very unequal keys make hot shards
    /// (smartphones are a quarter of all events).
    case category

    /// Column index of the key in a row.
    public var column: Int {
        switch self {
        case .user: 7
        case .session: 8
        case .category: 3
        }
    }
}
