/// One AWS error or failed call as one line: the service and operation, the error's type and
/// message (`S3 GetObject: NoSuchKey: The specified key does not exist.`).
public struct AWSFailure: Error, CustomStringConvertible {
    public var service: String
    public var operation: String
    public var type: String
    public var message: String

    public init(service: String, operation: String, type: String, message: String) {
        self.service = service
        self.operation = operation
        self.type = type
        self.message = message
    }

    public var description: String {
        "\(service) \(operation): \(type)\(message.isEmpty ? "" : ": " + message)"
    }

    /// Too many calls or bytes for a shard or a prefix this second: back off and call again.
    public var isThrottling: Bool {
        type.hasSuffix("ProvisionedThroughputExceededException") || type.hasSuffix("LimitExceededException")
            || type == "SlowDown" || type == "ThrottlingException"
    }

    /// A failure worth calling again: throttling, a server error, or no answer at all.
    public var isTransient: Bool {
        isThrottling || type == "InternalFailure" || type == "ServiceUnavailable" || type == "InternalError"
            || type.hasPrefix("HTTP 5") || type.hasPrefix("no answer")
    }

    /// The message of an XML error body (S3's `<Error><Code>…<Message>…`, moto's auth errors).
    static func xmlField(_ name: String, in text: String) -> String? {
        guard let a = text.range(of: "<\(name)>"), let b = text.range(of: "</\(name)>"), a.upperBound <= b.lowerBound
        else { return nil }
        return XMLText.unescape(String(text[a.upperBound..<b.lowerBound]))
    }
}
