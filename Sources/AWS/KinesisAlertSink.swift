import Engine
import Foundation

/// Puts each burst alert into a Kinesis stream as the tutorial's Flink job writes its second
/// stream: `{"user_id": 512475445, "num_actions_per_watermark": 23}`, partition key the user, so
/// the tutorial's alerting Lambda reads them unchanged. A thread of its own sends them (PutRecord,
/// called again with backoff when throttled), so a slow stream never holds up reading.
public final class KinesisAlertSink: AlertSink, @unchecked Sendable {
    private let stream: String
    private let client: KinesisClient
    private let queue = BlockingQueue<BurstAlert>(capacity: 100_000)
    private let state = NSCondition()
    private var pending = 0
    private var failure: String? = nil

    public init(stream: String, client: KinesisClient) {
        self.stream = stream
        self.client = client
        let thread = Thread { [self] in
            while let alert = queue.take() {
                send(alert)
                state.lock()
                pending -= 1
                state.broadcast()
                state.unlock()
            }
        }
        thread.start()
    }

    deinit { queue.close() }

    /// The record the tutorial's Flink job writes for a user's window.
    public static func record(_ alert: BurstAlert) -> String {
        "{\"user_id\": \(alert.userId), \"num_actions_per_watermark\": \(alert.count)}"
    }

    public func deliver(_ alert: BurstAlert) {
        state.lock()
        pending += 1
        state.unlock()
        queue.put(alert)
    }

    public var problem: String? {
        state.lock()
        defer { state.unlock() }
        return failure
    }

    public func drain() {
        state.lock()
        while pending > 0 { state.wait() }
        state.unlock()
    }

    private func send(_ alert: BurstAlert) {
        do {
            _ = try retryingTransient(attempts: 6) {
                try client.call(
                    "PutRecord",
                    [
                        "StreamName": stream, "PartitionKey": String(alert.userId),
                        "Data": Data(Self.record(alert).utf8).base64EncodedString(),
                    ])
            }
        } catch {
            state.lock()
            failure = "alerts to kinesis://\(stream): \(error)"
            state.unlock()
        }
    }
}
