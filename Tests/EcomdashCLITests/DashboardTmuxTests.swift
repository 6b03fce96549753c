import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The real binary in a real terminal: tmux runs it, keys are sent, the screen is read back.
@Suite("ecomdash dashboard in tmux", .serialized)
struct DashboardTmuxTests {
    /// A tmux server of its own, so tests never touch the user's sessions.
    final class Tmux {
        let socket = "ecomdash-test-\(UUID().uuidString.prefix(8))"

        /// Runs a tmux command and returns what it printed. Spawned and reaped with POSIX calls:
        /// tmux's client forks the server on `new-session`, which Foundation's `Process` does not
        /// always see exit.
        @discardableResult
        func run(_ args: [String]) throws -> String {
            let output = FileManager.default.temporaryDirectory.appendingPathComponent("tmux-\(UUID().uuidString)").path
            defer { try? FileManager.default.removeItem(atPath: output) }
            let argv = ["tmux", "-L", socket] + args
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
            // Start tmux as a shell would: no signal blocked (test threads block some).
            var attributes = posix_spawnattr_t()
            posix_spawnattr_init(&attributes)
            defer { posix_spawnattr_destroy(&attributes) }
            var none = sigset_t()
            sigemptyset(&none)
            posix_spawnattr_setsigmask(&attributes, &none)
            posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))
            var pid: pid_t = 0
            var cArgs = argv.map { strdup($0) } + [nil]
            defer { for a in cArgs { free(a) } }
            let rc = posix_spawnp(&pid, "tmux", &actions, &attributes, &cArgs, environ)
            guard rc == 0 else { throw CocoaError(.executableNotLoadable) }
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0, errno == EINTR {}
            return (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        }

        var screen: String { (try? run(["capture-pane", "-p", "-t", "dash"])) ?? "" }

        /// Waits up to `seconds` for `text` to be on screen.
        @discardableResult
        func waitFor(_ text: String, seconds: Double = 15) -> Bool {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                if screen.contains(text) { return true }
                Thread.sleep(forTimeInterval: 0.1)
            }
            return false
        }

        func keys(_ k: String...) throws { try run(["send-keys", "-t", "dash"] + k) }

        deinit { _ = try? run(["kill-server"]) }
    }

    static var tmuxAvailable: Bool {
        ["/usr/bin/tmux", "/usr/local/bin/tmux"].contains { FileManager.default.isExecutableFile(atPath: $0) }
    }

    @Test(
        "panels, a known figure, help, resizes to 60×20 and 20×6, and q exits 0",
        .enabled(if: tmuxAvailable, "tmux is not installed (.ci/run installs it)"))
    func session() throws {
        let tmux = Tmux()
        let command = "TERM=xterm-256color '\(Binary.url.path)' '\(Binary.sample)'; echo EXIT=$?; sleep 10"
        try tmux.run(["new-session", "-d", "-s", "dash", "-x", "120", "-y", "40", command])
        #expect(tmux.waitFor("Key figures"), "\(tmux.screen)")
        #expect(tmux.waitFor("2,387.84"), "revenue of the 1,000 real rows")
        let titles = [
            ("2", "Unique visitors per day"), ("3", "Carts not followed by a purchase"),
            ("4", "Top categories by hour of day"), ("5", "Brands that need more marketing"),
            ("6", "Events per second by type"), ("1", "Key figures"),
        ]
        for (key, title) in titles {
            try tmux.keys(key)
            #expect(tmux.waitFor(title), "panel \(key): \(tmux.screen)")
        }
        try tmux.keys("?")
        #expect(tmux.waitFor("Keys (? closes)"))
        #expect(tmux.screen.contains("quit"))
        try tmux.keys("?")
        try tmux.run(["resize-window", "-t", "dash", "-x", "60", "-y", "20"])
        #expect(tmux.waitFor("Key figures"))
        #expect(tmux.screen.split(separator: "\n").allSatisfy { $0.count <= 60 })
        try tmux.run(["resize-window", "-t", "dash", "-x", "20", "-y", "6"])
        #expect(tmux.waitFor("terminal too small"), "\(tmux.screen)")
        try tmux.run(["resize-window", "-t", "dash", "-x", "120", "-y", "40"])
        #expect(tmux.waitFor("Key figures"))
        try tmux.keys("q")
        #expect(tmux.waitFor("EXIT=0"), "\(tmux.screen)")
    }

    @Test("not a terminal: a clear message pointing to report, non-zero exit, nothing on stdout")
    func notATerminal() throws {
        let r = try Binary.run([Binary.sample])
        #expect(r.status == 2)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.contains("ecomdash report"))
    }
}
