import Foundation
import Providers
import Testing
import TestSupport

/// `ShellQuote` against real shells: dash (`/bin/sh`, POSIX) and bash read every quoted word back as
/// exactly the value, whatever it holds.
@Suite struct ShellQuoteTests {
    static let tricky = ["", " ", "plain", "-rf", "--flag=x", "a b", "it's", "'", "''", "\"", "$HOME", "${IFS}", "$(touch /tmp/ws-never)",
                         "`touch /tmp/ws-never`", "a'{b}'c", "{a,b}", "line\nbreak", "\n", "tab\there", "back\\slash", "~root", "*", "?[",
                         "semi;colon|pipe&amp", "<in >out", "#comment", "=value", "ünïcödé ✓", "\\'", "'\\''", "!", "%1"]

    /// Values from an alphabet of everything a shell treats specially, seeded so a failure replays.
    static func randomValues(count: Int, seed: UInt64) -> [String] {
        var rng = SeededGenerator(seed: seed)
        let alphabet = Array(" \t\n'\"`$\\{}()[]*?~#!&|;<>=%@+-:,./_aZ9é✓")
        return (0..<count).map { _ in String((0..<Int.random(in: 0...24, using: &rng)).map { _ in alphabet.randomElement(using: &rng) ?? "a" }) }
    }

    func readBack(_ words: [String], shell: String, env: [String: String] = [:]) throws -> [String] {
        let script = words.map { "printf '%s\\0' \($0)" }.joined(separator: "\n")
        let r = try Sandbox.run([shell, "-c", script], cwd: FileManager.default.temporaryDirectory, env: env)
        #expect(r.code == 0, "\(shell): \(r.stderr)")
        return r.stdout.split(separator: "\0", omittingEmptySubsequences: false).dropLast().map(String.init)
    }

    @Test(arguments: ["/bin/sh", "/bin/bash"])
    func everyValueSurvivesTheShell(shell: String) throws {
        let values = Self.tricky + Self.randomValues(count: 400, seed: 0x5EED_13)
        #expect(try readBack(values.map(ShellQuote.quote), shell: shell) == values)
        // A word of text and a variable: the variable's value comes through whole too.
        let word = ShellQuote.line(["--password=" + ShellWord.variable("PASSWORD")])
        #expect(try readBack([word], shell: shell, env: ["PASSWORD": "x $(y) `z` 'w' \"v\"\nu"]) == ["--password=x $(y) `z` 'w' \"v\"\nu"])
    }

    @Test func aValueIsNeverDoubleQuotedAndSafeWordsStayBare() {
        #expect(ShellQuote.quote("db.t3.micro") == "db.t3.micro")
        #expect(ShellQuote.quote("") == "''")
        #expect(ShellQuote.quote("${IFS}") == "'${IFS}'")
        #expect(ShellQuote.quote("it's") == "'it'\\''s'")
        #expect(ShellWord([.text("a b"), .variable("X"), .text("c")]).rendered == "'a b'\"$X\"c")
        #expect(ShellWord([]).rendered == "''")
    }

    @Test(arguments: ["/bin/sh", "/bin/bash"])
    func aDeclarationStopsTheScriptWithItsMessage(shell: String) throws {
        // The purpose is made safe: no quote, `$` or backtick in it can run or break the line.
        let line = ShellQuote.declaration("PASSWORD", purpose: "the user's \"password\" $(touch /tmp/ws-never) `x` ${IFS}")
        let unset = try Sandbox.run([shell, "-c", line + "\necho ran"], cwd: FileManager.default.temporaryDirectory, env: [:])
        #expect(unset.code != 0)
        #expect(unset.stderr.contains("set PASSWORD to the users password"), "\(unset.stderr)")
        #expect(!unset.stdout.contains("ran"))
        let set = try Sandbox.run([shell, "-c", line + "\necho ran"], cwd: FileManager.default.temporaryDirectory, env: ["PASSWORD": "x"])
        #expect(set.code == 0 && set.stdout == "ran\n")
        #expect(!FileManager.default.fileExists(atPath: "/tmp/ws-never"))
    }
}
