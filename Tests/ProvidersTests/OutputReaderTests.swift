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

    @Test func theMaskHidesEverySecretWholeAndLongestFirst() {
        let mask = SecretMask(["hunter22", "hunter22-extended", "abc"])
        #expect(mask.apply("pw hunter22-extended and hunter22 and abc") == "pw ******** and ******** and abc")
    }
}
