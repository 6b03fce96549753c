import Foundation

/// An access key, as the AWS CLI finds it.
public struct AWSCredentials: Sendable, Equatable {
    public var accessKeyId: String
    public var secretAccessKey: String
    public var sessionToken: String?

    public init(accessKeyId: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.accessKeyId = accessKeyId
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
    }
}

/// Where to send requests and with which key, resolved as the AWS CLI resolves them: the command's
/// options first (`--profile`, `--region`, `--endpoint-url`), then `AWS_ACCESS_KEY_ID`,
/// `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`, `AWS_PROFILE`, `AWS_REGION` / `AWS_DEFAULT_REGION`,
/// `AWS_ENDPOINT_URL`, then the profile's `~/.aws/credentials` and `~/.aws/config`
/// (`AWS_SHARED_CREDENTIALS_FILE`, `AWS_CONFIG_FILE` move them).
public struct AWSSettings: Sendable {
    public var credentials: AWSCredentials
    public var region: String
    /// Set to reach a local service (moto, LocalStack) instead of AWS.
    public var endpoint: URL?

    public struct Missing: Error, CustomStringConvertible {
        public var description: String
    }

    public init(profile: String?, region: String?, endpoint: String?, environment: [String: String]) throws {
        let env = environment
        let name = profile ?? env["AWS_PROFILE"] ?? "default"
        let home = env["HOME"] ?? NSHomeDirectory()
        let credentialsFile = Self.ini(env["AWS_SHARED_CREDENTIALS_FILE"] ?? home + "/.aws/credentials")[name] ?? [:]
        let config = Self.ini(env["AWS_CONFIG_FILE"] ?? home + "/.aws/config")
        let profileConfig = config[name == "default" ? "default" : "profile \(name)"] ?? [:]
        let fromEnvironment = profile == nil && env["AWS_ACCESS_KEY_ID"] != nil
        let key = fromEnvironment ? env["AWS_ACCESS_KEY_ID"] : credentialsFile["aws_access_key_id"]
        let secret = fromEnvironment ? env["AWS_SECRET_ACCESS_KEY"] : credentialsFile["aws_secret_access_key"]
        let token = fromEnvironment ? env["AWS_SESSION_TOKEN"] : credentialsFile["aws_session_token"]
        guard let key, let secret, !key.isEmpty, !secret.isEmpty else {
            throw Missing(
                description:
                    "no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or a profile in ~/.aws/credentials "
                    + "(--profile or AWS_PROFILE; looked for '\(name)')")
        }
        credentials = AWSCredentials(accessKeyId: key, secretAccessKey: secret, sessionToken: token)
        guard
            let r = region ?? env["AWS_REGION"] ?? env["AWS_DEFAULT_REGION"] ?? profileConfig["region"]
                ?? credentialsFile["region"]
        else {
            throw Missing(description: "no AWS region: use --region, AWS_REGION, or region in ~/.aws/config")
        }
        self.region = r
        let url = endpoint ?? env["AWS_ENDPOINT_URL"] ?? profileConfig["endpoint_url"]
        if let url {
            guard let u = URL(string: url), u.scheme == "http" || u.scheme == "https", u.host != nil else {
                throw Missing(description: "the endpoint '\(url)' is not an http:// or https:// URL")
            }
            self.endpoint = u
        } else {
            self.endpoint = nil
        }
    }

    /// The URL of `service`: the endpoint given, or the service's regional AWS address.
    public func url(for service: String) -> URL {
        endpoint ?? URL(string: "https://\(service).\(region).amazonaws.com")!
    }

    /// An INI file's sections: `[name]` → `key = value`. A file that is not there is empty.
    static func ini(_ path: String) -> [String: [String: String]] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [:] }
        var sections: [String: [String: String]] = [:]
        var current = ""
        for raw in text.split(whereSeparator: \.isNewline) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("["), line.hasSuffix("]") {
                current = line.dropFirst().dropLast().trimmingCharacters(in: .whitespaces)
            } else if let eq = line.firstIndex(of: "=") {
                sections[current, default: [:]][line[..<eq].trimmingCharacters(in: .whitespaces)] =
                    line[line.index(after: eq)...].trimmingCharacters(in: .whitespaces)
            }
        }
        return sections
    }
}
