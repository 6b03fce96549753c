import AWS
import ArgumentParser
import Foundation

/// Where AWS requests go and with which key, for `kinesis://` streams (as the AWS CLI takes them).
struct AWSOptions: ParsableArguments {
    @Option(help: ArgumentHelp("AWS region (else AWS_REGION, AWS_DEFAULT_REGION, ~/.aws/config).", valueName: "region"))
    var region: String?

    @Option(
        help: ArgumentHelp("A profile of ~/.aws/credentials and ~/.aws/config (else AWS_PROFILE).", valueName: "name"))
    var profile: String?

    @Option(
        name: .customLong("endpoint-url"),
        help: ArgumentHelp(
            "Send AWS requests here, e.g. a local moto server (else AWS_ENDPOINT_URL).", valueName: "url"))
    var endpointURL: String?

    func settings() throws -> AWSSettings {
        try AWSSettings(
            profile: profile, region: region, endpoint: endpointURL, environment: ProcessInfo.processInfo.environment)
    }
}

/// `kinesis://NAME` names an Amazon Kinesis data stream wherever a stream is taken.
enum KinesisAddress {
    static let scheme = "kinesis://"

    /// The stream's name, or nil when `s` is a local stream directory.
    static func streamName(_ s: String) -> String? {
        s.hasPrefix(scheme) ? String(s.dropFirst(scheme.count)) : nil
    }
}
