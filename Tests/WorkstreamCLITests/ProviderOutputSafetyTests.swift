import Foundation
import Testing

/// A plugin's secret in a progress line printed before its result, and a
/// command that floods its output: neither reaches a message, the log or git.
@Suite struct ProviderOutputSafetyTests {
    /// Prints its token in a progress line before returning it in its result; `mode` says how it warns ws first.
    static let leakyPlugin = """
        #!/usr/bin/env python3
        import json, os, sys

        def say(**line):
            print(json.dumps(line), flush=True)

        request = json.loads(sys.stdin.readline())
        if request["action"] == "describe" and request.get("type") is None:
            say(type="result", resources=[{"type": "key", "summary": "a key", "params": [{"name": "mode", "summary": "declare, hold or fail"}]}])
            sys.exit(0)
        token = os.environ["LEAKY_TOKEN"]
        mode = request["params"].get("mode", "")
        if mode in ("declare", "fail", "cut"):
            say(type="progress", message="making a key", secrets=[token])
        if mode in ("hold", "after"):
            say(type="progress", message="making a key", hold=True)
        say(type="progress", message="the new key is " + token)
        if mode == "fail":
            say(type="error", message="could not finish the key " + token)
            sys.exit(1)
        if mode == "cut":
            # Declared above, then quoted by ws as garbage: the token starts at character 70, across the 80 a message keeps.
            print("x" * 70 + token + " and the rest of the line", flush=True)
        say(type="result", outputs={"id": "k-" + mode}, secrets={"token": token})
        if mode == "after":
            # Anything after the result is garbage, and the result's secrets were never declared before it.
            print(token + " was the key", flush=True)
        """

    @Test(arguments: ["declare", "hold", "fail"])
    func aSecretInAProgressLineIsMasked(mode: String) throws {
        let s = try Sandbox.withWorkstream()
        try s.installProvider("leaky", Self.leakyPlugin)
        let token = "key-\(UUID().uuidString)"
        let r = try s.ws(["provision", "A1", "key", "k1", "--provider", "leaky", "--param", "mode=\(mode)"], env: ["LEAKY_TOKEN": token])
        #expect(r.code == (mode == "fail" ? 1 : 0), "exit \(r.code) \(r.stderr)")
        #expect(r.stderr.contains("the new key is ********"), "\(r.stderr)")
        if mode == "fail" { #expect(r.stderr.contains("could not finish the key ********"), "\(r.stderr)") }
        try s.expectNowhere(token, outputs: [r])
    }

    /// A line ws quotes in its refusal is masked before it is cut to 80 characters, and with the secrets of a result already read.
    @Test(arguments: ["cut", "after"])
    func aQuotedGarbageLineIsMaskedWhole(mode: String) throws {
        let s = try Sandbox.withWorkstream()
        try s.installProvider("leaky", Self.leakyPlugin)
        let token = "key-\(UUID().uuidString)"
        let r = try s.ws(["provision", "A1", "key", "k1", "--provider", "leaky", "--param", "mode=\(mode)"], env: ["LEAKY_TOKEN": token])
        #expect(r.code == 1, "exit \(r.code) \(r.stderr)")
        #expect(r.stderr.contains(mode == "cut" ? "not protocol JSON" : "after its final result"), "\(r.stderr)")
        #expect(r.stderr.contains(mode == "cut" ? "x******** a…" : "********"), "\(r.stderr)")
        // A piece of the token is a leak as well (cut first, 80 characters kept its first 10): they are nowhere.
        try s.expectNowhere(String(token.prefix(10)), outputs: [r])
    }

    @Test func twentyMegabytesOfFailedOutputAreCutAndKeptWholeOutsideGit() throws {
        let s = try Sandbox.withWorkstream()
        let size = 20 << 20
        let pw = "pw-\(UUID().uuidString.prefix(13))"
        let r = try s.ws(["provision", "A1", "thing", "flood", "--provider", "exec", "--param", "pw=-",
                          "--param", "apply=echo \"first {pw}\"; yes 'a line of output' | head -c \(size); echo LAST-LINE; exit 2"], stdin: pw)
        #expect(r.code == 1, "exit \(r.code)")
        #expect(r.stderr.utf8.count < 200_000, "stderr has \(r.stderr.utf8.count) bytes")
        #expect(r.stderr.contains("LAST-LINE"))
        let marker = "bytes cut; the whole output is in "
        let after = try #require(r.stderr.range(of: marker)).upperBound
        let path = String(r.stderr[after...].prefix { $0 != "]" })
        #expect(path.contains("/.git/ws/outputs/"), "\(path)")
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.size] as? Int ?? 0) > size, "\(attributes)")
        #expect((attributes[.posixPermissions] as? Int) == 0o600, "\(attributes)")
        let kept = try String(contentsOfFile: path, encoding: .utf8)
        #expect(kept.hasSuffix("LAST-LINE\n\n## stderr\n\n"), "\(kept.suffix(80).debugDescription)")
        // The kept output is masked too.
        #expect(kept.contains("first ********") && !kept.contains(pw), "\(kept.prefix(200).debugDescription)")

        let events = try #require(try json(try s.ws("history", "A1", "--json").check().stdout) as? [[String: Any]])
        let largest = try events.map { try JSONSerialization.data(withJSONObject: $0).count }.max() ?? 0
        #expect(largest < 80_000, "an event of \(largest) bytes")
        for (place, text) in try s.publishedPlaces() {
            // The message appears in the event, the journal line, the documents and the diffs of each: a few times 64 KiB.
            #expect(text.utf8.count < 600_000, "\(place) has \(text.utf8.count) bytes")
        }
        let journal = try String(contentsOf: s.root.appendingPathComponent(".ws/journal/A1.jsonl"), encoding: .utf8)
        let longestLine = journal.split(separator: "\n").map(\.utf8.count).max() ?? 0
        #expect(longestLine < 80_000, "a journal line of \(longestLine) bytes")
        #expect(!(try Sandbox.run(["/usr/bin/env", "git", "ls-files"], cwd: s.root, env: s.environment).check().stdout.contains("outputs/")))
        try s.expectNowhere(pw, outputs: [r])
    }
}
