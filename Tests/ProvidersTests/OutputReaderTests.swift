import Testing
@testable import Providers

@Suite struct OutputReaderTests {
    @Test func linesSplitAcrossReadsAreJoined() throws {
        var r = ProviderOutputReader(provider: "p")
        #expect(try r.feed(Array("{\"type\":\"prog".utf8)).isEmpty)
        #expect(try r.feed(Array("ress\",\"message\":\"a\"}\n{\"type\":\"result\",\"outputs\":{\"n\":1}}".utf8)) == [.progress("a")])
        #expect(try r.finish() == [.result(ProviderResult(outputs: ["n": "1"]))])
    }

    @Test(arguments: [
        ("[1,2]", "without a \"type\""),
        ("{\"type\":\"explode\"}", "unknown type"),
        ("{\"type\":\"progress\"}", "without a \"message\""),
        ("{\"type\":\"result\",\"outputs\":[1]}", "not an object"),
        ("{\"type\":\"result\",\"outputs\":{\"a\":[1]}}", "not text"),
        ("{\"type\":\"result\",\"commands\":\"rm -rf\"}", "not a list of text"),
        ("{\"type\":\"result\"}\n{\"type\":\"progress\",\"message\":\"late\"}", "more after its final result"),
        ("not json at all", "not protocol JSON"),
    ])
    func malformedOutputIsRejectedClearly(_ text: String, _ expected: String) throws {
        var r = ProviderOutputReader(provider: "p")
        #expect {
            _ = try r.feed(Array((text + "\n").utf8))
            _ = try r.finish()
        } throws: { error in
            (error as? ProviderFailure)?.message.contains(expected) == true
        }
    }

    @Test func aProgressLineDeclaresSecretsAndAsksToHoldBeforeItsMessage() throws {
        var r = ProviderOutputReader(provider: "p")
        let lines = try r.feed(Array("{\"type\":\"progress\",\"message\":\"m\",\"secrets\":[\"s3cret-value\"],\"hold\":true}\n".utf8))
        #expect(lines == [.secrets(["s3cret-value"]), .hold, .progress("m")])
        #expect {
            _ = try r.feed(Array("{\"type\":\"progress\",\"message\":\"m\",\"secrets\":\"s3cret-value\"}\n".utf8))
        } throws: { error in
            // The offending line is not quoted: it may hold the very secret it tried to declare.
            let message = (error as? ProviderFailure)?.message ?? ""
            return message.contains("not a list of text") && !message.contains("s3cret-value")
        }
    }

    @Test func theMaskIgnoresValuesShorterThanItsMinimum() {
        #expect(SecretMask.minimumLength == 8)
        #expect(SecretMask(["local"]).apply("/tmp/ws/local/M2") == "/tmp/ws/local/M2")
        #expect(SecretMask(["local-token"]).apply("a local-token here") == "a ******** here")
    }

    @Test func theMaskHidesEverySecretWholeAndLongestFirst() {
        let mask = SecretMask(["hunter22", "hunter22-extended", "abcdefg"])
        #expect(mask.apply("pw hunter22-extended and hunter22 and abcdefg") == "pw ******** and ******** and abcdefg")
    }
}
