import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Calls to Amazon S3's REST API, signed with SigV4: ListObjectsV2 with paging and GetObject,
/// whole or by byte range, several at once.
///
/// With an endpoint (`--endpoint-url`, a local moto) buckets are addressed by path
/// (`http://host/bucket/key`), else by virtual host (`https://bucket.s3.region.amazonaws.com/key`)
/// as AWS recommends; a bucket name with dots stays in the path, where its certificate still matches.
public final class S3Client: @unchecked Sendable {
    private let settings: AWSSettings
    private let signer: SigV4Signer
    private let transport = HTTPTransport(timeout: 120)

    /// An object of a listing.
    public struct Object: Sendable, Equatable {
        public var key: String
        public var size: Int64
        /// Changes whenever the object's content does.
        public var etag: String
    }

    public init(settings: AWSSettings) {
        self.settings = settings
        signer = SigV4Signer(credentials: settings.credentials, region: settings.region, service: "s3")
    }

    /// Every object whose key starts with `prefix`, in key order, following continuation tokens.
    public func list(bucket: String, prefix: String) throws -> [Object] {
        var objects: [Object] = []
        var token: String? = nil
        repeat {
            var query = [("list-type", "2"), ("prefix", prefix)]
            if let token { query.append(("continuation-token", token)) }
            let answer = try send(
                request(bucket: bucket, key: "", query: query), operation: "ListObjectsV2", target: "s3://\(bucket)")
            let text = String(decoding: answer.body, as: UTF8.self)
            for entry in XMLText.elements("Contents", in: text[...]) {
                guard let key = XMLText.first("Key", in: entry),
                    let size = XMLText.first("Size", in: entry).flatMap({ Int64($0) })
                else { continue }
                objects.append(Object(key: key, size: size, etag: XMLText.first("ETag", in: entry) ?? ""))
            }
            let truncated = XMLText.first("IsTruncated", in: text[...]) == "true"
            token = truncated ? XMLText.first("NextContinuationToken", in: text[...]) : nil
        } while token != nil
        return objects
    }

    /// The bytes of `range` of an object (the whole object when nil), called again after a
    /// throttling or server error with backoff.
    public func get(bucket: String, key: String, range: Range<Int64>? = nil) throws -> Data {
        try retryingTransient(attempts: 5) {
            try finish(startGet(bucket: bucket, key: key, range: range), bucket: bucket, key: key)
        }
    }

    /// Starts a GetObject of `range`; its answer is checked by ``finish(_:bucket:key:)``.
    func startGet(bucket: String, key: String, range: Range<Int64>?) -> PendingAnswer {
        var headers: [(String, String)] = []
        if let range { headers.append(("range", "bytes=\(range.lowerBound)-\(range.upperBound - 1)")) }
        let pending = PendingAnswer()
        transport.start(request(bucket: bucket, key: key, headers: headers)) { pending.fulfil($0) }
        return pending
    }

    /// The body of a started GetObject, or its failure.
    func finish(_ pending: PendingAnswer, bucket: String, key: String) throws -> Data {
        try check(pending.wait(), operation: "GetObject", target: "s3://\(bucket)/\(key)").body
    }

    private func send(_ request: URLRequest, operation: String, target: String) throws -> HTTPTransport.Answer {
        try check(transport.send(request), operation: operation, target: target)
    }

    /// The answer when it is a success; else one line: the operation, the object, S3's code and message.
    private func check(
        _ answer: HTTPTransport.Answer, operation: String, target: String
    ) throws
        -> HTTPTransport.Answer
    {
        if let error = answer.error {
            throw AWSFailure(
                service: "S3", operation: operation,
                type: "no answer from \(settings.url(for: "s3").absoluteString)", message: error.localizedDescription)
        }
        guard (200..<300).contains(answer.status) else {
            let text = String(decoding: answer.body.prefix(2000), as: UTF8.self)
            let code = AWSFailure.xmlField("Code", in: text) ?? "HTTP \(answer.status)"
            let message = AWSFailure.xmlField("Message", in: text) ?? ""
            throw AWSFailure(
                service: "S3", operation: operation, type: code,
                message: message.isEmpty ? target : "\(message) (\(target))")
        }
        return answer
    }

    /// A signed GET of `key` in `bucket` (the bucket itself when `key` is empty).
    private func request(
        bucket: String, key: String, query: [(String, String)] = [], headers: [(String, String)] = []
    ) -> URLRequest {
        let base: URL
        var path: String
        if let endpoint = settings.endpoint {
            base = endpoint
            path = "/\(bucket)/\(key)"
        } else if bucket.contains(".") {
            base = URL(string: "https://s3.\(settings.region).amazonaws.com")!
            path = "/\(bucket)/\(key)"
        } else {
            base = URL(string: "https://\(bucket).s3.\(settings.region).amazonaws.com")!
            path = "/\(key)"
        }
        if key.isEmpty, path.count > 1 { path.removeLast() }  // `/bucket`, not `/bucket/`
        var host = base.host ?? ""
        if let port = base.port { host += ":\(port)" }
        // GET bodies are empty: their SHA-256, which S3 wants in a header of its own.
        let emptyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        let signed = signer.sign(
            method: "GET", path: path, query: query,
            headers: [("host", host), ("x-amz-content-sha256", emptyHash)] + headers, body: [], date: Date())
        // The path and query sent are encoded exactly as they were signed.
        let encodedPath = path.split(separator: "/", omittingEmptySubsequences: false)
            .map { SigV4Signer.encode(String($0)) }.joined(separator: "/")
        let encodedQuery = query.map { "\(SigV4Signer.encode($0.0))=\(SigV4Signer.encode($0.1))" }
            .joined(separator: "&")
        let scheme = base.scheme ?? "https"
        var request = URLRequest(
            url: URL(string: "\(scheme)://\(host)\(encodedPath)\(encodedQuery.isEmpty ? "" : "?" + encodedQuery)")!)
        request.httpMethod = "GET"
        for h in signed.headers where h.name != "host" { request.setValue(h.value, forHTTPHeaderField: h.name) }
        return request
    }
}
