import Engine
import Foundation

/// Puts each burst alert into a Kinesis stream as the tutorial's Flink job writes its second
/// stream: `{"user_id": 512475445, "num_actions_per_watermark": 23}`, partition key the user, so
/// the tutorial's alerting Lambda reads them unchanged. A thread of its own sends them (PutRecord,
/// called again with backoff when throttled), so a slow stream never holds up reading.
public final class KinesisAlertSink: AlertSink, @unchecked Sendable {
    private let stream: String
    private let client: KinesisClient
    private var sender: SerialWorker<BurstAlert>!

    public init(stream: String, client: KinesisClient) {
        self.stream = stream
        self.client = client
        sender = SerialWorker(capacity: 100_000) { [weak self] alert in try self?.send(alert) }
    }

    public static func record(_ alert: BurstAlert) -> String {
        "{\"user_id\": \(alert.userId), \"num_actions_per_watermark\": \(alert.count)}"
    }

    public func deliver(_ alert: BurstAlert) { sender.submit(alert) }

    public var problem: String? { sender.failure.map { "alerts to kinesis://\(stream): \($0)" } }

    public func drain() { try? sender.waitForAll() }

    private func send(_ alert: BurstAlert) throws {
        _ = try retryingTransient(attempts: 6) {
            try client.call(
                "PutRecord",
                [
                    "StreamName": stream, "PartitionKey": String(alert.userId),
                    "Data": Data(Self.record(alert).utf8).base64EncodedString(),
                ])
        }
    }
}
