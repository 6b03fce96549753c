/// One user's most recent events, for looking into an alert.
public struct UserEvents: Sendable, Equatable {
    public struct Event: Sendable, Equatable {
        public var time: Int64
        public var type: EventType
        public var productId: UInt64
        public var brand: String
        public var priceCents: Int64
    }

    public var userId: UInt64
    /// Oldest first; at most `limit` of them.
    public var events: [Event]

    /// Scans the rows for `userId` (a full scan: for the odd question, not every frame).
    public init(_ snapshot: EventSnapshot, userId: UInt64, limit: Int = 50) {
        self.userId = userId
        var code: UInt32? = nil
        for c in 0..<snapshot.userCount where snapshot.userId(UInt32(c)) == userId {
            code = UInt32(c)
            break
        }
        var found: [Event] = []
        if let code {
            for k in 0..<snapshot.chunkCount {
                let chunk = snapshot.chunk(k)
                for i in 0..<chunk.count where chunk.user[i] == code {
                    found.append(
                        Event(
                            time: Int64(chunk.time[i]), type: EventType(rawValue: chunk.type[i]) ?? .view,
                            productId: snapshot.productId(chunk.product[i]),
                            brand: snapshot.brandLabels[Int(chunk.brand[i])], priceCents: Int64(chunk.price[i])))
                }
            }
        }
        found.sort { $0.time < $1.time }
        events = Array(found.suffix(limit))
    }
}
