@testable import EventLog
import TestSupport
import Testing
import WorkstreamKit

/// The journal files' blob ids are kept as a JSON map written and read by hand (`ConflictJSON.encode(stringMap:)`,
/// `ConflictJSON.stringMap`): held to JSONEncoder and JSONDecoder, the slow reference, on random maps whose strings
/// hold what an escape must survive.
struct StringMapJSONTests {
    static func map(_ random: inout SeededGenerator) -> [String: String] {
        var map: [String: String] = [:]
        for _ in 0..<Int.random(in: 1...40, using: &random) {
            map[RegistersReaderTests.text(&random)] = RegistersReaderTests.text(&random)
        }
        return map
    }

    @Test func whatIsWrittenByHandReadsBackAsTheMapByTheDecoderAndByHand() throws {
        var random = SeededGenerator(seed: 0x5751_3A9)
        for _ in 0..<300 {
            let map = Self.map(&random)
            let text = try #require(ConflictJSON.encode(stringMap: map))
            #expect(try CanonicalJSON.decode([String: String].self, from: text) == map, "\(text)")
            #expect(ConflictJSON.stringMap(text) == map, "\(text)")
            // And what the encoder writes, the hand reader reads as the decoder does.
            let encoded = try CanonicalJSON.text(map)
            #expect(ConflictJSON.stringMap(encoded) == map, "\(encoded)")
        }
    }

    @Test func anythingButAMapOfStringsIsLeftToTheDecoder() {
        #expect(ConflictJSON.stringMap("{\"a\":1}") == nil)
        #expect(ConflictJSON.stringMap("[\"a\"]") == nil)
        #expect(ConflictJSON.stringMap("{\"a\":\"b\"") == nil)
        #expect(ConflictJSON.stringMap("") == nil)
        #expect(ConflictJSON.encode(stringMap: [:]) == nil)
    }
}
