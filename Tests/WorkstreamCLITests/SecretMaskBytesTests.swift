import Foundation
import Testing

/// Masking matches bytes: what follows a secret cannot hide it (a combining mark, a variation selector),
/// and two secrets that overlap are masked whole, not one of them and the rest of the other left in view.
@Suite struct SecretMaskBytesTests {
    static func holds(_ text: String, _ value: String) -> Bool { Data(text.utf8).range(of: Data(value.utf8)) != nil }

    static func random(_ n: Int) -> String { String(UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(n)) }

    /// The check's output (printed, recorded in the event, the journal and the documents) after `ws commit`.
    func places(_ s: Sandbox, _ run: Sandbox.Result) throws -> [(String, String)] {
        try s.ws("commit").check()
        let journal = try String(contentsOf: s.root.appendingPathComponent(".ws/journal/A1.jsonl"), encoding: .utf8)
        return [("stdout", run.stdout), ("stderr", run.stderr), ("history", try s.ws("history", "A1", "--json").check().stdout),
                ("show", try s.ws("show", "A1").check().stdout), ("journal", journal)]
    }

    @Test func aSecretFollowedByACombiningMarkOrAVariationSelectorIsMasked() throws {
        let s = try Sandbox.withWorkstream()
        let secret = "comb-" + Self.random(12)
        try s.ws("artifact", "A1", "DB_PASSWORD=\(secret)", "--secret").check()
        // U+0301 (combining acute) and U+FE0F (variation selector 16) right after the value, as octal UTF-8 bytes.
        let printing = #"printf 'a %s\314\201 b %s\357\270\217 c\n' "$DB_PASSWORD" "$DB_PASSWORD"; exit 1"#
        try s.ws("check", "add", "A1", "prints", "--run", printing).check()
        let run = try s.ws("check", "run", "A1")
        #expect(run.code == 1, "exit \(run.code) \(run.stderr)")
        #expect(run.stdout.contains("a ********\u{301} b ********\u{FE0F} c"), "\(run.stdout)")
        for (place, text) in try places(s, run) { #expect(!Self.holds(text, secret), "the secret is in \(place)") }
    }

    @Test func overlappingSecretsAreMaskedAsOneSpan() throws {
        let s = try Sandbox.withWorkstream()
        let (head, middle, tail) = ("h" + Self.random(7), Self.random(8), Self.random(8))
        try s.ws("artifact", "A1", "FIRST_TOKEN=\(head + middle)", "--secret").check()
        try s.ws("artifact", "A1", "SECOND_TOKEN=\(middle + tail)", "--secret").check()
        try s.ws("check", "add", "A1", "prints", "--run", #"printf '<%s%s>\n' "${FIRST_TOKEN%????????}" "$SECOND_TOKEN"; exit 1"#)
            .check()
        let run = try s.ws("check", "run", "A1")
        #expect(run.code == 1, "exit \(run.code) \(run.stderr)")
        #expect(run.stdout.contains("<********>"), "\(run.stdout)")
        for (place, text) in try places(s, run) {
            for part in [head, middle, tail] { #expect(!Self.holds(text, part), "a part of a secret is in \(place)") }
        }
    }
}
