import Crypto
import Engine
import Foundation

/// AWS Signature Version 4: signs a request with a key derived from the secret, the day, the
/// region and the service, so that the service can check who sent it and that it was not changed.
/// Checked against AWS's published test suite (awslabs/aws-c-auth `tests/aws-signing-test-suite/v4`).
public struct SigV4Signer: Sendable {
    public let credentials: AWSCredentials
    public let region: String
    public let service: String

    public init(credentials: AWSCredentials, region: String, service: String) {
        self.credentials = credentials
        self.region = region
        self.service = service
    }

    /// What signing produced: the headers to send (the given ones, `x-amz-date`, the session
    /// token and `authorization`) and the intermediate texts, which the test suite checks.
    public struct Signed: Sendable {
        public var headers: [(name: String, value: String)]
        public var canonicalRequest: String
        public var stringToSign: String
        public var signature: String
    }

    /// Signs `method path?query` with `headers` (which must include `host`) and `body` at `date`.
    public func sign(
        method: String, path: String, query: [(String, String)] = [], headers: [(String, String)], body: [UInt8],
        date: Date
    ) -> Signed {
        let amzDate = Self.timestamp(date)
        let day = String(amzDate.prefix(8))
        var all = headers.map { (name: $0.0.lowercased(), value: Self.trim($0.1)) }
        all.append((name: "x-amz-date", value: amzDate))
        if let token = credentials.sessionToken { all.append((name: "x-amz-security-token", value: token)) }
        // Headers sorted by name; a name given twice is one line with the values joined by commas.
        var grouped: [(name: String, values: [String])] = []
        for h in all.sorted(by: { $0.name < $1.name }) {
            if grouped.last?.name == h.name {
                grouped[grouped.count - 1].values.append(h.value)
            } else {
                grouped.append((h.name, [h.value]))
            }
        }
        let canonicalHeaders = grouped.map { "\($0.name):\($0.values.joined(separator: ","))\n" }.joined()
        let signedHeaders = grouped.map(\.name).joined(separator: ";")
        let canonicalQuery = query.map { (Self.encode($0.0), Self.encode($0.1)) }.sorted { ($0.0, $0.1) < ($1.0, $1.1) }
            .map { "\($0.0)=\($0.1)" }.joined(separator: "&")
        let canonicalPath = path.split(separator: "/", omittingEmptySubsequences: false).map { Self.encode(String($0)) }
            .joined(separator: "/")
        let canonicalRequest = [
            method, canonicalPath.isEmpty ? "/" : canonicalPath, canonicalQuery, canonicalHeaders, signedHeaders,
            Self.hex(SHA256.hash(data: body)),
        ].joined(separator: "\n")
        let scope = "\(day)/\(region)/\(service)/aws4_request"
        let stringToSign = [
            "AWS4-HMAC-SHA256", amzDate, scope, Self.hex(SHA256.hash(data: Array(canonicalRequest.utf8))),
        ].joined(separator: "\n")
        var key = SymmetricKey(data: Array("AWS4\(credentials.secretAccessKey)".utf8))
        for part in [day, region, service, "aws4_request"] {
            key = SymmetricKey(data: Data(HMAC<SHA256>.authenticationCode(for: Array(part.utf8), using: key)))
        }
        let signature = Self.hex(HMAC<SHA256>.authenticationCode(for: Array(stringToSign.utf8), using: key))
        var out = all.map { (name: $0.name, value: $0.value) }
        out.append(
            (
                "authorization",
                "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyId)/\(scope), SignedHeaders=\(signedHeaders), "
                    + "Signature=\(signature)"
            ))
        return Signed(
            headers: out, canonicalRequest: canonicalRequest, stringToSign: stringToSign, signature: signature)
    }

    /// `yyyyMMdd'T'HHmmss'Z'` in UTC.
    static func timestamp(_ date: Date) -> String {
        // 2015-08-30T12:36:00Z without its separators.
        let iso = UTCCalendar.isoString(seconds: Int64(date.timeIntervalSince1970.rounded(.down)))
        return iso.filter { $0 != "-" && $0 != ":" }
    }

    /// RFC 3986 percent-encoding of everything but the unreserved characters.
    static func encode(_ s: String) -> String {
        var out = ""
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
                UInt8(ascii: "~"):
                out.append(Character(UnicodeScalar(b)))
            default: out += String(format: "%%%02X", b)
            }
        }
        return out
    }

    /// A header value without the spaces around it and with inner runs of spaces as one.
    static func trim(_ v: String) -> String {
        v.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
    }

    static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        digest.map { String(format: "%02x", $0) }.joined()
    }
}
