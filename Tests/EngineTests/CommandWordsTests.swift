import Engine
import Testing

@Suite("Command words")
struct CommandWordsTests {
    @Test(
        "split as a shell would, without one",
        arguments: [
            ("notify-send 'possible DDoS'", ["notify-send", "possible DDoS"]),
            ("  a   b\tc ", ["a", "b", "c"]),
            (#"echo "say \"hi\" \\ now" x"#, ["echo", #"say "hi" \ now"#, "x"]),
            (#"a\ b c"#, ["a b", "c"]),
            ("sh -c 'cat >> \"/tmp/a b.jsonl\"'", ["sh", "-c", "cat >> \"/tmp/a b.jsonl\""]),
            ("x''y \"\"", ["xy", ""]),
            ("", []),
        ])
    func split(_ line: String, _ words: [String]) throws {
        #expect(try CommandWords.split(line) == words)
    }

    @Test("an unclosed quote is an error that names it", arguments: ["a 'b", "a \"b"])
    func unclosed(_ line: String) {
        #expect(throws: CommandWords.Error.self) { try CommandWords.split(line) }
    }
}
