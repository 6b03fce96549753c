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

        /// Waits until the screen no longer shows `text` (a progress bar gone).
        func waitWithout(_ text: String, seconds: Double = 15) -> Bool {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                if !screen.contains(text) { return true }
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
        "panels by key and by mouse click, a known figure, help, resizes to 60×20 and 20×6, and q exits 0",
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
        // A mouse click on the Brands tab (an SGR mouse report, as xterm and tmux send it), then
        // back with a click on Overview.
        for (tab, title) in [("5 Brands", "Brands that need more marketing"), ("1 Overview", "Key figures")] {
            let top = tmux.screen.split(separator: "\n").first.map(String.init) ?? ""
            let column = try #require(top.range(of: tab)).lowerBound.utf16Offset(in: top) + 2  // 1-based, on the label
            try tmux.run(["send-keys", "-t", "dash", "-l", "\u{1B}[<0;\(column);1M\u{1B}[<0;\(column);1m"])
            #expect(tmux.waitFor(title), "click on \(tab): \(tmux.screen)")
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

    @Test(
        "following a stream's history shard by shard: no event looks late; the sink gets the report's alerts",
        .enabled(if: tmuxAvailable, "tmux is not installed (.ci/run installs it)"))
    func followHistory() throws {
        let dir = try Scratch()
        let s = dir.path("s")
        let csv = dir.path("g.csv")
        let jsonl = dir.path("alerts.jsonl")
        // 60,000 rows are about 5 MB of records a shard: more than one read of each.
        _ = try Binary.run(["generate", "--rows", "60000", "--days", "3", "--bots", "6", "--out", csv])
        _ = try Binary.run(["stream", "create", s, "--shards", "4"])
        #expect(try Binary.run(["replay", csv, "--stream", s, "--max"]).status == 0)
        let tmux = Tmux()
        let command =
            "TERM=xterm-256color '\(Binary.url.path)' --follow '\(s)' --alerts-jsonl '\(jsonl)'; echo EXIT=$?; sleep 10"
        try tmux.run(["new-session", "-d", "-s", "dash", "-x", "120", "-y", "40", command])
        #expect(tmux.waitFor("60,000 of 60,000 events"), "\(tmux.screen)")
        try tmux.keys("6")
        #expect(tmux.waitFor("Bursts"), "\(tmux.screen)")
        #expect(!tmux.screen.contains("late events"), "\(tmux.screen)")
        try tmux.keys("q")
        #expect(tmux.waitFor("EXIT=0"), "\(tmux.screen)")

        let report = try Binary.run(["report", "--stream", s, "--format", "json"])
        let object = try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as! [String: Any]
        func key(_ a: [String: Any]) -> String {
            "\((a["user_id"] as! NSNumber).intValue) \(a["window_start"] as! String) \((a["count"] as! NSNumber).intValue)"
        }
        let expected = Set((object["alerts"] as! [[String: Any]]).map(key))
        let delivered = try String(contentsOfFile: jsonl, encoding: .utf8).split(separator: "\n").map {
            key(try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any])
        }
        #expect(expected.count >= 6)
        // Windows within two windows of the newest event stay open: their alerts may wait.
        #expect(Set(delivered).isSubset(of: expected) && delivered.count == Set(delivered).count)
        #expect(delivered.count >= expected.count - 1, "delivered \(delivered.sorted()), expected \(expected.sorted())")
    }

    @Test(
        "the demo leaves no stream behind: after speeding up and quitting, and with an unknown TERM",
        .enabled(if: tmuxAvailable, "tmux is not installed (.ci/run installs it)"))
    func demoCleansUp() throws {
        let scratch = try Scratch()
        let tmux = Tmux()
        let command =
            "TMPDIR='\(scratch.url.path)' TERM=xterm-256color '\(Binary.url.path)' --demo; echo EXIT=$?; "
            + "TMPDIR='\(scratch.url.path)' TERM=nosuchterm '\(Binary.url.path)' --demo; echo EXIT=$?; sleep 10"
        try tmux.run(["new-session", "-d", "-s", "dash", "-x", "120", "-y", "40", command])
        #expect(tmux.waitFor("Key figures"), "\(tmux.screen)")
        for _ in 0..<6 { try tmux.keys("+") }
        Thread.sleep(forTimeInterval: 1.5)
        try tmux.keys("q")
        #expect(tmux.waitFor("EXIT=0"), "\(tmux.screen)")
        #expect(tmux.waitFor("is not known to terminfo"), "\(tmux.screen)")
        #expect(tmux.waitFor("EXIT=1"), "\(tmux.screen)")
        let left = try FileManager.default.contentsOfDirectory(atPath: scratch.url.path)
        #expect(left.filter { $0.hasPrefix("ecomdash-demo-") }.isEmpty, "left behind: \(left)")
    }

    @Test(
        "on a large file, a brand filter shows its exact count (no computing… once there), clearing it is immediate, a filter replaced at once never shows",
        .enabled(if: tmuxAvailable, "tmux is not installed (.ci/run installs it)"))
    func filterAndClear() throws {
        let dir = try Scratch()
        let csv = dir.path("large.csv")
        _ = try Binary.run(["generate", "--rows", "400000", "--days", "7", "--out", csv])
        let tmux = Tmux()
        try tmux.run([
            "new-session", "-d", "-s", "dash", "-x", "120", "-y", "40",
            "TERM=xterm-256color '\(Binary.url.path)' '\(csv)'; echo EXIT=$?; sleep 10",
        ])
        #expect(tmux.waitFor("whole range · 400,000 of 400,000 events", seconds: 60), "\(tmux.screen)")
        // The Brands panel lists the brands by views; Enter filters on the first.
        let report =
            try JSONSerialization.jsonObject(
                with: Data(try Binary.run(["report", csv, "--format", "json"]).stdout.utf8)) as! [String: Any]
        let brand = (report["brands"] as! [[String: Any]])[0]["brand"] as! String
        // Its rows, counted from the file itself.
        let text = try String(contentsOfFile: csv, encoding: .utf8)
        let rows = text.split(separator: "\n").dropFirst().filter {
            $0.split(separator: ",", omittingEmptySubsequences: false)[5] == brand
        }.count
        let digits = String(rows)
        let grouped = digits.enumerated().map { i, c in
            (i > 0 && (digits.count - i) % 3 == 0 ? "," : "") + String(c)
        }.joined()
        try tmux.keys("5")
        #expect(tmux.waitFor("Brands that need more marketing"))
        try tmux.keys("Enter")
        #expect(
            tmux.waitFor("whole range · brand \(brand) · \(grouped) of 400,000 events", seconds: 60), "\(tmux.screen)")
        #expect(!tmux.screen.contains("computing…"), "the status line still says computing: \(tmux.screen)")
        // Clearing goes back to the figures kept for the unfiltered view: on screen at once.
        let cleared = Date()
        try tmux.keys("Escape")
        #expect(tmux.waitFor("whole range · 400,000 of 400,000 events", seconds: 5), "\(tmux.screen)")
        #expect(Date().timeIntervalSince(cleared) < 1.5, "clearing took \(Date().timeIntervalSince(cleared)) s")
        // A new filter replaced at once by another: the second one's figures arrive, never the first's.
        try tmux.keys("Enter")
        try tmux.keys("Escape")
        #expect(tmux.waitFor("whole range · 400,000 of 400,000 events", seconds: 30), "\(tmux.screen)")
        Thread.sleep(forTimeInterval: 1)
        #expect(tmux.screen.contains("whole range · 400,000 of 400,000 events"), "\(tmux.screen)")
        try tmux.keys("q")
        #expect(tmux.waitFor("EXIT=0"))
    }

    @Test(
        "a lake opens in the dashboard with the file's figures; c switches the tiles to a week earlier",
        .enabled(if: tmuxAvailable, "tmux is not installed (.ci/run installs it)"))
    func lakeDashboard() throws {
        let dir = try Scratch()
        let csv = dir.path("month.csv")
        _ = try Binary.run(["generate", "--rows", "60000", "--days", "14", "--out", csv])
        let lake = dir.path("lake")
        #expect(try Binary.run(["ingest", csv, "--into", lake]).status == 0)
        let report =
            try JSONSerialization.jsonObject(
                with: Data(try Binary.run(["report", csv, "--format", "json"]).stdout.utf8)) as! [String: Any]
        let visitors = (report["visitors_per_day"] as! [[String: Any]]).last!["visitors"] as! Int
        /// The dashboard on the lake in a new tmux, once its figures and tiles are on screen.
        func opened() throws -> Tmux {
            let tmux = Tmux()
            try tmux.run([
                "new-session", "-d", "-s", "dash", "-x", "120", "-y", "40",
                "TERM=xterm-256color '\(Binary.url.path)' '\(lake)'; echo EXIT=$?; sleep 10",
            ])
            #expect(tmux.waitFor("60,000 of 60,000 events"), "\(tmux.screen)")
            #expect(tmux.waitFor("change of 10-14 against 10-13 (the period before)"), "\(tmux.screen)")
            return tmux
        }
        let tmux = try opened()
        let folded = tmux.screen
        try tmux.keys("c")
        #expect(tmux.waitFor("change of 10-14 against 10-07 (a week earlier)"), "\(tmux.screen)")
        try tmux.keys("2")
        // The last day's visitors, with thousands separators as the table shows them.
        let digits = String(visitors)
        let grouped = digits.enumerated().map { i, c in
            (i > 0 && (digits.count - i) % 3 == 0 ? "," : "") + String(c)
        }.joined()
        #expect(tmux.waitFor("2019-10-14"), "\(tmux.screen)")
        #expect(tmux.screen.contains(grouped), "\(tmux.screen)")
        try tmux.keys("q")
        #expect(tmux.waitFor("EXIT=0"))
        // The views folded unfiltered (one per baseline) were saved with the lake: opened again,
        // the same screen, from the saved figures.
        let views = try FileManager.default.contentsOfDirectory(atPath: lake + "/views").sorted()
        #expect(views.count == 2 && views.allSatisfy { $0.hasSuffix(".json") }, "\(views)")
        let stamps = {
            try views.map {
                try FileManager.default.attributesOfItem(atPath: lake + "/views/" + $0)[.modificationDate] as! Date
            }
        }
        let saved = try stamps()
        let again = try opened()
        #expect(again.waitWithout("reading"), "\(again.screen)")
        #expect(again.screen == folded)
        try again.keys("q")
        #expect(again.waitFor("EXIT=0"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: lake + "/views").sorted() == views)
        #expect(try stamps() == saved, "read, not folded and saved again")
        #expect(try Binary.run(["lake", "describe", lake]).status == 0)
    }

    @Test(
        "--min-views on the command line wins over the config's, written with a space or with =",
        .enabled(if: tmuxAvailable, "tmux is not installed (.ci/run installs it)"),
        arguments: [(["--min-views=5"], "5"), (["--min-views", "5"], "5"), ([], "7")])
    func minViewsPrecedence(flags: [String], expected: String) throws {
        let dir = try Scratch()
        let config = dir.path("config.toml")
        try "[thresholds]\nmin_views = 7\n".write(toFile: config, atomically: true, encoding: .utf8)
        let tmux = Tmux()
        let command =
            "TERM=xterm-256color '\(Binary.url.path)' --config '\(config)' \(flags.joined(separator: " ")) "
            + "'\(Binary.sample)'; echo EXIT=$?; sleep 10"
        try tmux.run(["new-session", "-d", "-s", "dash", "-x", "120", "-y", "40", command])
        #expect(tmux.waitFor("Key figures"), "\(tmux.screen)")
        try tmux.keys("5")
        #expect(tmux.waitFor("brands with ≥ \(expected) views"), "\(flags): \(tmux.screen)")
        try tmux.keys("q")
        #expect(tmux.waitFor("EXIT=0"))
    }

    @Test("not a terminal: a clear message pointing to report, non-zero exit, nothing on stdout")
    func notATerminal() throws {
        let r = try Binary.run([Binary.sample])
        #expect(r.status == 2)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.contains("ecomdash report"))
    }
}
