import AWS
import Foundation
import Testing

/// Signature Version 4 against cases of AWS's published test suite
/// (awslabs/aws-c-auth, tests/aws-signing-test-suite/v4): canonical request, string to sign and
/// signature, byte for byte.
@Suite("SigV4 against AWS's test suite")
struct SigV4Tests {
    static let key = AWSCredentials(
        accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
    static let date = Date(timeIntervalSince1970: 1_440_938_160)  // 2015-08-30T12:36:00Z

    struct Case: Sendable, CustomStringConvertible {
        var name: String
        var method: String
        var query: [(String, String)]
        var headers: [(String, String)]
        var body: String
        var token: String?
        var canonicalRequest: String
        var signature: String
        var description: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "post-x-www-form-urlencoded", method: "POST", query: [],
            headers: [
                ("Content-Type", "application/x-www-form-urlencoded"), ("Host", "example.amazonaws.com"),
                ("Content-Length", "13"),
                ("X-Amz-Content-Sha256", "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e"),
            ], body: "Param1=value1", token: nil,
            canonicalRequest: """
                POST
                /

                content-length:13
                content-type:application/x-www-form-urlencoded
                host:example.amazonaws.com
                x-amz-content-sha256:9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e
                x-amz-date:20150830T123600Z

                content-length;content-type;host;x-amz-content-sha256;x-amz-date
                9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e
                """,
            signature: "d3875051da38690788ef43de4db0d8f280229d82040bfac253562e56c3f20e0b"),
        Case(
            name: "get-vanilla-query-order-key-case", method: "GET",
            query: [("Param2", "value2"), ("Param1", "value1")],
            headers: [("Host", "example.amazonaws.com")], body: "", token: nil,
            canonicalRequest: """
                GET
                /
                Param1=value1&Param2=value2
                host:example.amazonaws.com
                x-amz-date:20150830T123600Z

                host;x-amz-date
                e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
                """,
            signature: "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"),
        Case(
            name: "get-vanilla-with-session-token", method: "GET", query: [],
            headers: [("Host", "example.amazonaws.com")],
            body: "", token: "6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267",
            canonicalRequest: """
                GET
                /

                host:example.amazonaws.com
                x-amz-date:20150830T123600Z
                x-amz-security-token:6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267

                host;x-amz-date;x-amz-security-token
                e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
                """,
            signature: "07ec1639c89043aa0e3e2de82b96708f198cceab042d4a97044c66dd9f74e7f8"),
        Case(
            name: "post-header-key-sort", method: "POST", query: [],
            headers: [("Host", "example.amazonaws.com"), ("My-Header1", "value1")], body: "", token: nil,
            canonicalRequest: """
                POST
                /

                host:example.amazonaws.com
                my-header1:value1
                x-amz-date:20150830T123600Z

                host;my-header1;x-amz-date
                e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
                """,
            signature: "c5410059b04c1ee005303aed430f6e6645f61f4dc9e1461ec8f8916fdf18852c"),
    ]

    @Test("canonical request and signature", arguments: cases)
    func signs(_ c: Case) {
        var key = Self.key
        key.sessionToken = c.token
        let signer = SigV4Signer(credentials: key, region: "us-east-1", service: "service")
        let signed = signer.sign(
            method: c.method, path: "/", query: c.query, headers: c.headers, body: Array(c.body.utf8), date: Self.date)
        #expect(signed.canonicalRequest == c.canonicalRequest)
        #expect(signed.signature == c.signature)
        #expect(
            signed.stringToSign.hasPrefix(
                "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n"))
        let authorization = signed.headers.first { $0.name == "authorization" }?.value ?? ""
        #expect(
            authorization.hasPrefix("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, ")
        )
        #expect(authorization.hasSuffix("Signature=" + c.signature))
    }

    @Test("settings as the AWS CLI finds them: environment first, then the profile's files; clear errors when missing")
    func settings() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("aws-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try
            "[default]\naws_access_key_id = AKIAFILE\naws_secret_access_key = fromfile\n[shop]\naws_access_key_id=AKIASHOP\naws_secret_access_key=shop\naws_session_token=tok\n"
            .write(toFile: dir + "/credentials", atomically: true, encoding: .utf8)
        try "[default]\nregion = eu-west-1\n[profile shop]\nregion = us-west-2\nendpoint_url = http://127.0.0.1:5000\n"
            .write(toFile: dir + "/config", atomically: true, encoding: .utf8)
        let files = ["AWS_SHARED_CREDENTIALS_FILE": dir + "/credentials", "AWS_CONFIG_FILE": dir + "/config"]
        let plain = try AWSSettings(profile: nil, region: nil, endpoint: nil, environment: files)
        #expect(plain.credentials.accessKeyId == "AKIAFILE" && plain.region == "eu-west-1" && plain.endpoint == nil)
        #expect(plain.url(for: "kinesis").absoluteString == "https://kinesis.eu-west-1.amazonaws.com")
        let shop = try AWSSettings(profile: "shop", region: nil, endpoint: nil, environment: files)
        #expect(
            shop.credentials == AWSCredentials(accessKeyId: "AKIASHOP", secretAccessKey: "shop", sessionToken: "tok"))
        #expect(shop.region == "us-west-2" && shop.endpoint?.absoluteString == "http://127.0.0.1:5000")
        var env = files
        env["AWS_ACCESS_KEY_ID"] = "AKIAENV"
        env["AWS_SECRET_ACCESS_KEY"] = "env"
        env["AWS_REGION"] = "ap-south-1"
        let fromEnv = try AWSSettings(profile: nil, region: "sa-east-1", endpoint: nil, environment: env)
        #expect(fromEnv.credentials.accessKeyId == "AKIAENV" && fromEnv.region == "sa-east-1")
        #expect(throws: AWSSettings.Missing.self) {
            try AWSSettings(profile: "nobody", region: nil, endpoint: nil, environment: files)
        }
    }
}
