import CSupport
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Where alerts go besides the screen.
public protocol AlertSink: AnyObject, Sendable {
    func deliver(_ alert: BurstAlert)
    /// What went wrong so far, for the status line (`nil` when all is well).
    var problem: String? { get }
    /// Waits until every alert delivered so far has left (for `report`, before exiting).
    func drain()
}

extension AlertSink {
    public func drain() {}
}

/// Appends each alert as one JSON line to a file (created if missing).
public final class JSONLinesAlertSink: AlertSink, @unchecked Sendable {
    private let path: String
    private let lock = NSLock()
    private var failure: String?

    public init(path: String) throws {
        self.path = path
        if !FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw OutputError(path: path, reason: "cannot create the alerts file")
            }
        }
    }

    public var problem: String? { lock.withLock { failure } }

    public func deliver(_ alert: BurstAlert) {
        lock.withLock {
            guard let h = FileHandle(forWritingAtPath: path) else {
                failure = "cannot write \(path)"
                return
            }
            defer { try? h.close() }
            _ = try? h.seekToEnd()
            try? h.write(contentsOf: Data((alert.json + "\n").utf8))
        }
    }
}

/// Runs a command for each alert with the alert's JSON on its standard input. The arguments are
/// passed as they are, never through a shell. Up to `concurrency` commands run at once on threads
/// of their own, so a slow or failing command never holds up ingest and a few slow ones do not
/// queue behind each other; one that runs over `timeout` seconds is killed. Their standard output
/// and error go to `outputPath` (appended; default `/dev/null`), never into ecomdash's own output
/// — a report's JSON or the dashboard's screen. Failures are counted and reported.
public final class CommandAlertSink: AlertSink, @unchecked Sendable {
    private let arguments: [String]
    private let timeout: Double
    private let outputPath: String
    private let queue = BlockingQueue<BurstAlert>(capacity: 100_000)
    private let state = Mutex<(failures: Int, last: String?)>((0, nil))
    private let idle = NSCondition()
    private var pending = 0

    /// - Parameters:
    ///   - command: the program and its arguments.
    ///   - outputPath: where the commands' standard output and error are appended.
    public init(command: [String], timeout: Double = 5, outputPath: String = "/dev/null", concurrency: Int = 4) {
        arguments = command
        self.timeout = timeout
        self.outputPath = outputPath
        for _ in 0..<max(1, concurrency) {
            let thread = Thread { [self] in
                while let alert = queue.take() {
                    run(alert)
                    idle.lock()
                    pending -= 1
                    idle.broadcast()
                    idle.unlock()
                }
            }
            thread.start()
        }
    }

    public var problem: String? {
        state.withLock { s in s.failures > 0 ? "\(s.failures) alert command(s) failed: \(s.last ?? "")" : nil }
    }

    public func deliver(_ alert: BurstAlert) {
        idle.lock()
        pending += 1
        idle.unlock()
        queue.put(alert)
    }

    /// Waits until every delivered alert's command has finished (for `report`, before exiting).
    public func drain() {
        idle.lock()
        while pending > 0 { idle.wait() }
        idle.unlock()
    }

    private func run(_ alert: BurstAlert) {
        var fds: [Int32] = [0, 0]
        // Close-on-exec, so a command started meanwhile by another worker cannot hold this pipe open.
        guard ecomdash_pipe_cloexec(&fds) == 0 else { return fail("cannot make a pipe") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, fds[0], 0)
        posix_spawn_file_actions_addclose(&actions, fds[1])
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_APPEND | O_CREAT, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var pid: pid_t = 0
        var argv = arguments.map { strdup($0) } + [nil]
        defer { for a in argv { free(a) } }
        let rc = posix_spawnp(&pid, arguments[0], &actions, nil, &argv, environ)
        close(fds[0])
        guard rc == 0 else {
            close(fds[1])
            return fail("cannot run \(arguments[0]): \(String(cString: strerror(rc)))")
        }
        let json = Array((alert.json + "\n").utf8)
        signal(SIGPIPE, SIG_IGN)
        _ = json.withUnsafeBytes { write(fds[1], $0.baseAddress, $0.count) }
        close(fds[1])
        let deadline = Date().addingTimeInterval(timeout)
        var status: Int32 = 0
        while true {
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid { break }
            if r < 0 { return fail("lost the command") }
            if Date() > deadline {
                kill(pid, SIGKILL)
                waitpid(pid, &status, 0)
                return fail("\(arguments[0]) took over \(Int(timeout)) s and was stopped")
            }
            Thread.sleep(forTimeInterval: 0.01)
        }
        let exited = (status & 0x7F) == 0
        let code = (status >> 8) & 0xFF
        if !exited || code != 0 { fail("\(arguments[0]) exited with status \(exited ? code : -1)") }
    }

    private func fail(_ why: String) { state.withLock { $0 = ($0.failures + 1, why) } }
}

/// Sends each alert to the sinks exactly once, when its window is closed (``BurstRule/isClosed(windowOf:by:)``).
public final class AlertDispatcher: @unchecked Sendable {
    private let sinks: [AlertSink]
    private var delivered = Set<BurstAlert.Key>()

    public init(sinks: [AlertSink]) { self.sinks = sinks }

    public var isEmpty: Bool { sinks.isEmpty }

    /// Delivers the alerts of windows closed by `latest` (epoch seconds); with `final`, all.
    public func dispatch(_ alerts: [BurstAlert], rule: BurstRule, latest: Int64, final: Bool = false) {
        for a in alerts where final || rule.isClosed(windowOf: a.windowStart, by: latest) {
            if delivered.insert(a.key).inserted { for s in sinks { s.deliver(a) } }
        }
    }

    /// Problems the sinks reported.
    public var problems: [String] { sinks.compactMap(\.problem) }
}

extension BurstAlert {
    /// An alert is one (user, window).
    public struct Key: Hashable, Sendable {
        var user: UInt64
        var window: Int64
    }

    public var key: Key { Key(user: userId, window: windowStart) }
}
