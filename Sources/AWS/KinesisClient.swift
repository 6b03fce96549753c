import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Calls to the Kinesis Data Streams API (JSON 1.1 over HTTPS, signed with SigV4), one at a time.
/// FoundationNetworking's URLSession is used: it ships with the toolchain (no HTTP package to
/// build), speaks to AWS and to a local moto alike, and one call at a time is all a reader of a
/// few shards needs.
public final class KinesisClient: @unchecked Sendable {
    private let settings: AWSSettings
    private let signer: SigV4Signer
    private let session: URLSession

    /// One AWS error or failed call as one line: the operation, the error's type and message.
    public struct Failure: Error, CustomStringConvertible {
        public var operation: String
        public var type: String
        public var message: String
        public var description: String { "Kinesis \(operation): \(type)\(message.isEmpty ? "" : ": " + message)" }
        /// Too many calls or bytes for a shard this second: back off and call again.
        public var isThrottling: Bool {
            type.hasSuffix("ProvisionedThroughputExceededException") || type.hasSuffix("LimitExceededException")
        }
    }

    public init(settings: AWSSettings) {
        self.settings = settings
        signer = SigV4Signer(credentials: settings.credentials, region: settings.region, service: "kinesis")
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 30
        session = URLSession(configuration: configuration)
    }

    /// Calls `operation` (ListShards, GetShardIterator, GetRecords, …) with a JSON body.
    public func call(_ operation: String, _ body: [String: Any]) throws -> [String: Any] {
        let url = settings.url(for: "kinesis")
        let payload = Array(try JSONSerialization.data(withJSONObject: body))
        var host = url.host ?? ""
        if let port = url.port { host += ":\(port)" }
        let signed = signer.sign(
            method: "POST", path: "/",
            headers: [
                ("host", host), ("content-type", "application/x-amz-json-1.1"),
                ("x-amz-target", "Kinesis_20131202.\(operation)"),
            ], body: payload, date: Date())
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.httpBody = Data(payload)
        for h in signed.headers where h.name != "host" { request.setValue(h.value, forHTTPHeaderField: h.name) }
        let (data, response, error) = send(request)
        if let error {
            throw Failure(
                operation: operation, type: "no answer from \(url.absoluteString)", message: error.localizedDescription)
        }
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        let object = (try? JSONSerialization.jsonObject(with: data ?? Data())) as? [String: Any]
        guard status == 200, let object else {
            let type = (object?["__type"] as? String).map { $0.split(separator: "#").last.map(String.init) ?? $0 }
            let message = (object?["message"] as? String) ?? (object?["Message"] as? String)
            let text = String(decoding: (data ?? Data()).prefix(300), as: UTF8.self)
            throw Failure(
                operation: operation, type: type ?? "HTTP \(status)",
                message: message ?? Self.xmlMessage(text) ?? text.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return object
    }

    /// moto and some proxies answer an authorization failure in XML: its <Message>.
    private static func xmlMessage(_ text: String) -> String? {
        guard let a = text.range(of: "<Message>"), let b = text.range(of: "</Message>"), a.upperBound <= b.lowerBound
        else { return nil }
        return String(text[a.upperBound..<b.lowerBound])
    }

    private func send(_ request: URLRequest) -> (Data?, URLResponse?, Error?) {
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var result: (Data?, URLResponse?, Error?) = (nil, nil, nil)
        session.dataTask(with: request) { data, response, error in
            result = (data, response, error)
            done.signal()
        }.resume()
        done.wait()
        return result
    }
}
