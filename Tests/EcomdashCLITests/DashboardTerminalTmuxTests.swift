import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The terminal around the dashboard: job control, a terminal that goes away, a locale without
/// UTF-8. Each runs the binary from an interactive shell in tmux, as a user does.
extension DashboardTmuxTests {
    /// Starts an interactive shell in the pane and runs the dashboard from it; the dashboard's pid
    /// is written to `pidFile` (the shell's `exec` keeps it).
    static func startFromShell(_ tmux: Tmux, arguments: String, environment: String = "", pidFile: String) throws {
        try tmux.run(["new-session", "-d", "-s", "dash", "-x", "100", "-y", "30", "bash --norc --noprofile -i"])
        Thread.sleep(forTimeInterval: 0.3)
        try tmux.keys(
            "sh -c 'echo $$ > \(pidFile); exec env \(environment) TERM=xterm-256color \(Binary.url.path) \(arguments)'; "
                + "echo EXIT=$?",
            "Enter")
    }

    static func pid(in file: String) -> pid_t? {
        (try? String(contentsOfFile: file, encoding: .utf8)).flatMap {
            pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines))
        }
    }

    @Test(
        "Ctrl-Z hands the terminal back to the shell and fg brings the dashboard back, drawn whole",
        .enabled(if: tmuxAvailable, "tmux is not installed (.ci/run installs it)"))
    func suspendAndResume() throws {
        let scratch = try Scratch()
        let tmux = Tmux()
        try Self.startFromShell(tmux, arguments: "'\(Binary.sample)'", pidFile: scratch.path("pid"))
        #expect(tmux.waitFor("2,387.84"), "\(tmux.screen)")
        let pid = try #require(Self.pid(in: scratch.path("pid")))
        try tmux.keys("C-z")
        #expect(tmux.waitFor("Stopped"), "the shell reports the job stopped: \(tmux.screen)")
        #expect(!tmux.screen.contains("Key figures"), "the shell's screen is back: \(tmux.screen)")
        try tmux.keys("fg", "Enter")
        #expect(tmux.waitFor("2,387.84"), "\(tmux.screen)")
        let lines = tmux.screen.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first?.contains("1 Overview") == true, "the whole screen is drawn again: \(tmux.screen)")
        #expect(lines.contains { $0.contains("filter: whole range") }, "\(tmux.screen)")
        try tmux.keys("q")  // (a list stopped by Ctrl-Z is not continued by the shell: no EXIT line)
        let deadline = Date().addingTimeInterval(10)
        while kill(pid, 0) == 0, Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
        #expect(kill(pid, 0) != 0, "q still quits after fg")
    }

    @Test(
        "SIGHUP ends the dashboard as q does: the terminal is sane again and the demo's stream is removed",
        .enabled(if: tmuxAvailable, "tmux is not installed (.ci/run installs it)"))
    func hangupExitsCleanly() throws {
        let scratch = try Scratch()
        let tmux = Tmux()
        let pidFile = scratch.path("pid")
        try Self.startFromShell(
            tmux, arguments: "--demo", environment: "TMPDIR='\(scratch.url.path)'", pidFile: pidFile)
        #expect(tmux.waitFor("Key figures"), "\(tmux.screen)")
        let pid = try #require(Self.pid(in: pidFile))
        let demo = scratch.path("ecomdash-demo-\(pid)")
        #expect(FileManager.default.fileExists(atPath: demo), "the demo's stream is there while it runs")
        kill(pid, SIGHUP)
        #expect(tmux.waitFor("EXIT=0", seconds: 20), "\(tmux.screen)")
        #expect(!FileManager.default.fileExists(atPath: demo), "the demo's stream is removed")
        // The terminal is back in its cooked mode: the shell echoes and reads lines.
        // The command line itself holds "icanon": wait for a line only its output prints.
        try tmux.keys(
            "stty -a | tr ' ;' '\\n\\n' | grep -x -e icanon -e echo -e -icanon -e -echo; echo MODES-$((40+2))", "Enter")
        #expect(tmux.waitFor("MODES-42"), "\(tmux.screen)")
        let modes = tmux.screen.split(separator: "\n").map(String.init)
        #expect(modes.contains("icanon") && modes.contains("echo"), "\(modes)")
        #expect(!modes.contains("-icanon") && !modes.contains("-echo"), "\(modes)")
    }

    @Test(
        "outside a UTF-8 locale every character drawn is ASCII and every box keeps its right border",
        .enabled(if: tmuxAvailable, "tmux is not installed (.ci/run installs it)"))
    func asciiLocale() throws {
        let scratch = try Scratch()
        let tmux = Tmux()
        // As on a console: no tmux in the environment (the dashboard would otherwise assume UTF-8).
        try Self.startFromShell(
            tmux, arguments: "'\(Binary.sample)'", environment: "-u TMUX LANG=C LC_ALL=C", pidFile: scratch.path("pid"))
        #expect(tmux.waitFor("2,387.84"), "\(tmux.screen)")
        for panel in ["1", "2", "3", "4", "5", "6"] {
            try tmux.keys(panel)
            Thread.sleep(forTimeInterval: 0.4)
            let screen = tmux.screen
            let lines = screen.split(separator: "\n").map(String.init)
            let ascii = screen.unicodeScalars.allSatisfy { $0.isASCII }
            #expect(ascii, "panel \(panel): \(screen)")
            // Inside a box, a row starts with "|" and ends with "|" in the last column.
            let boxed = lines.filter { $0.hasPrefix("|") }
            #expect(!boxed.isEmpty, "panel \(panel): \(screen)")
            for line in boxed {
                #expect(line.count == 100 && line.hasSuffix("|"), "panel \(panel), border moved: '\(line)'")
            }
        }
        try tmux.keys("q")
        #expect(tmux.waitFor("EXIT=0"), "\(tmux.screen)")
    }
}
