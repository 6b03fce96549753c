import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `report --stream kinesis://NAME` against a real implementation of the Kinesis API: a moto
/// server of the test's own, checking every request's SigV4 signature (INITIAL_NO_AUTH_ACTION_COUNT:
/// only the first three calls, which make the test's IAM user and key, go unchecked).
@Suite("Kinesis through moto", .serialized)
struct KinesisCLITests {
    static let motoReady: Bool = {
        (try? ParquetExportCLITests.python(["-c", "import moto.server, boto3, flask"]))?.status == 0
    }()

    /// A moto server on a free port with signature checks on, and a key of an IAM user allowed everything.
    final class Moto {
        let process = Process()
        let port: Int
        let keyId: String
        let secret: String

        /// `checkSignatures: false` serves S3: moto 5.2's check there rejects correctly signed
        /// requests whose key holds `=` or whose query holds `/` (boto3's own requests fail the same
        /// way), and Hive partitions need both. SigV4 itself is checked against AWS's test suite
        /// (SigV4Tests) and, through moto, by every Kinesis test.
        init(checkSignatures: Bool = true) throws {
            port = Int(
                try ParquetExportCLITests.python([
                    "-c", "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])",
                ]).output.trimmingCharacters(in: .whitespacesAndNewlines))!
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", "-m", "moto.server", "-H", "127.0.0.1", "-p", String(port)]
            var env = ProcessInfo.processInfo.environment
            if checkSignatures { env["INITIAL_NO_AUTH_ACTION_COUNT"] = "3" }
            process.environment = env
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            let setUp = """
                import boto3, json, sys, time
                ep = 'http://127.0.0.1:\(port)'
                for _ in range(100):
                    try:
                        iam = boto3.client('iam', endpoint_url=ep, region_name='us-east-1', aws_access_key_id='x', aws_secret_access_key='y')
                        iam.create_user(UserName='ecomdash'); break
                    except Exception:
                        time.sleep(0.1)
                iam.put_user_policy(UserName='ecomdash', PolicyName='all', PolicyDocument=json.dumps(
                    {'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Action': '*', 'Resource': '*'}]}))
                k = iam.create_access_key(UserName='ecomdash')['AccessKey']
                print(k['AccessKeyId'], k['SecretAccessKey'])
                """
            let keys = try ParquetExportCLITests.python(["-c", setUp]).output.split(separator: " ")
            keyId = String(keys.first ?? "")
            secret = keys.count > 1 ? keys[1].trimmingCharacters(in: .whitespacesAndNewlines) : ""
        }

        /// The environment a user would set for it.
        func environment(secret override: String? = nil) -> [String: String] {
            var env = ProcessInfo.processInfo.environment
            env["AWS_ACCESS_KEY_ID"] = keyId
            env["AWS_SECRET_ACCESS_KEY"] = override ?? secret
            env["AWS_DEFAULT_REGION"] = "us-east-1"
            env["AWS_REGION"] = "us-east-1"
            env["AWS_ENDPOINT_URL"] = "http://127.0.0.1:\(port)"
            return env
        }

        deinit {
            // SIGKILL: a child of the test process inherits its blocked signals, SIGTERM among them.
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    /// Runs a command with `environment`; its exit status and what it printed on each stream.
    static func run(_ arguments: [String], environment: [String: String]) throws -> (Int32, String, String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = arguments
        p.environment = environment
        let out = Pipe()
        let err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }

    @Test(
        "the tutorial's producer fills a 3-shard stream; report --stream kinesis:// equals the report on the CSV; a wrong key is one clear line",
        .enabled(if: motoReady, "python3 with moto[server] and boto3 (.ci/run installs them)"))
    func tutorialStream() throws {
        let moto = try Moto()
        #expect(moto.keyId.hasPrefix("AKIA"), "moto gave no key")
        let env = moto.environment()
        let produced = try Self.run(
            ["python3", ParquetExportCLITests.tools + "/tutorial_producer.py", Binary.sample, "shop", "--create", "3"],
            environment: env)
        #expect(produced.0 == 0 && produced.1.contains("sent 1000 records"), "\(produced.2)")
        let fromStream = try Self.run(
            [Binary.url.path, "report", "--stream", "kinesis://shop", "--format", "json"], environment: env)
        #expect(fromStream.0 == 0, "\(fromStream.2)")
        let fromFile = try Binary.run(["report", Binary.sample, "--format", "json"])
        #expect(try StreamCLITests.rows(fromStream.1) == 1000)
        #expect(try StreamCLITests.sections(fromStream.1) == (try StreamCLITests.sections(fromFile.stdout)))

        let wrongKey = try Self.run(
            [Binary.url.path, "report", "--stream", "kinesis://shop"], environment: moto.environment(secret: "wrong"))
        #expect(wrongKey.0 != 0 && wrongKey.2.split(separator: "\n").count == 1, "\(wrongKey.2)")
        #expect(wrongKey.2.contains("signature"), "\(wrongKey.2)")
        let missing = try Self.run([Binary.url.path, "report", "--stream", "kinesis://nosuch"], environment: env)
        #expect(missing.0 != 0 && missing.2.contains("ResourceNotFoundException"), "\(missing.2)")
    }
}
