import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Calls to the Kinesis Data Streams API (JSON 1.1 over HTTPS, signed with SigV4), one at a time:
/// one call at a time is all a reader or a writer of a few shards needs.
public final class KinesisClient: @unchecked Sendable {
    private let settings: AWSSettings
    private let signer: SigV4Signer
    private let transport = HTTPTransport(timeout: 30)

    public init(settings: AWSSettings) {
        self.settings = settings
        signer = SigV4Signer(credentials: settings.credentials, region: settings.region, service: "kinesis")
    }

    /// Calls `operation` (ListShards, GetShardIterator, GetRecords, PutRecords, …) with a JSON body.
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
        let answer = transport.send(request)
        if let error = answer.error {
            throw AWSFailure(
                service: "Kinesis", operation: operation, type: "no answer from \(url.absoluteString)",
                message: error.localizedDescription)
        }
        let object = (try? JSONSerialization.jsonObject(with: answer.body)) as? [String: Any]
        guard answer.status == 200, let object else {
            let type = (object?["__type"] as? String).map { $0.split(separator: "#").last.map(String.init) ?? $0 }
            let message = (object?["message"] as? String) ?? (object?["Message"] as? String)
            let text = String(decoding: answer.body.prefix(300), as: UTF8.self)
            throw AWSFailure(
                service: "Kinesis", operation: operation,
                type: type ?? AWSFailure.xmlField("Code", in: text) ?? "HTTP \(answer.status)",
                message: message ?? AWSFailure.xmlField("Message", in: text)
                    ?? text.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return object
    }
}
