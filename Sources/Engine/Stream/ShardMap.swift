/// How a stream's 128-bit hash key space is split among its shards, as Kinesis does when a stream
/// is created: evenly, shard `i` holding the keys `h` with `i × 2^128 / N ≤ h < (i + 1) × 2^128 / N`.
public struct ShardMap: Sendable, Equatable {
    public let shards: Int

    public init(shards: Int) { self.shards = max(1, shards) }

    /// The shard of a partition key: the one whose range holds the key's MD5.
    public func shard(forKey key: String) -> Int {
        let (high, low) = MD5.digest(key)
        return shard(forHash: high, low)
    }

    /// The shard of a partition key given as bytes.
    func shard(forKey key: UnsafeBufferPointer<UInt8>) -> Int {
        let (high, low) = MD5.digest(key)
        return shard(forHash: high, low)
    }

    /// floor(h × N / 2^128), exactly, for h = high·2^64 + low.
    func shard(forHash high: UInt64, _ low: UInt64) -> Int {
        let n = UInt64(shards)
        let top = high.multipliedFullWidth(by: n)
        let carry = low.multipliedFullWidth(by: n).high
        let (_, overflow) = top.low.addingReportingOverflow(carry)
        return Int(top.high + (overflow ? 1 : 0))
    }

    /// The first and last hash key of shard `i`, as decimal strings (128-bit values).
    public func hashKeyRange(_ i: Int) -> (starting: String, ending: String) {
        let space = UInt128.max
        let n = UInt128(shards)
        func start(_ k: Int) -> UInt128 {
            // ceil(k × 2^128 / N) without overflowing: k × (2^128 / N) plus the remainder share.
            let q = space / n
            let r = space % n + 1  // 2^128 = q·N + r
            let base = q * UInt128(k)
            let extra = (r * UInt128(k) + n - 1) / n
            return base + extra
        }
        let s = start(i)
        let e = i == shards - 1 ? space : start(i + 1) - 1
        return (String(s), String(e))
    }
}
