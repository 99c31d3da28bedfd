@testable import EventLog
import TestSupport
import Testing
import WorkstreamKit

/// `ConflictJSON.registers` reads the plain shape itself and leaves every other to JSONDecoder: it must read
/// every text exactly as the decoder does (the slow reference), and take the plain shape without it.
struct RegistersReaderTests {
    /// Strings with what an escape must survive: quotes, backslashes, controls, non-ASCII and astral characters.
    static let alphabet: [String] = ["a", "Z", "0", " ", "\"", "\\", "/", "\n", "\t", "\u{1}", "é", "—", "ß", "😀", "\u{2028}"]

    static func text(_ random: inout SeededGenerator) -> String {
        (0..<Int.random(in: 0...12, using: &random)).map { _ in alphabet.randomElement(using: &random) ?? "" }.joined()
    }

    static func registers(_ random: inout SeededGenerator, sides: Bool) -> [String: Setter] {
        var registers: [String: Setter] = [:]
        for _ in 0..<Int.random(in: 0...6, using: &random) {
            var setter = Setter(eventId: text(&random), actor: text(&random), time: text(&random),
                                kept: Bool.random(using: &random) ? text(&random) : nil)
            if sides, Bool.random(using: &random) {
                setter.sides = [ConflictEntry(setter, effect: .holder(text(&random))), ConflictEntry(setter, effect: .block(nil))]
            }
            registers[text(&random)] = setter
        }
        return registers
    }

    @Test func readsWhatTheDecoderReadsForRandomRegisters() throws {
        var random = SeededGenerator(seed: 0x5E77E25)
        var plainTaken = 0
        for round in 0..<400 {
            let original = Self.registers(&random, sides: round % 2 == 1)
            guard let text = try ConflictJSON.encode(original) else { #expect(original.isEmpty); continue }
            let read = ConflictJSON.registers(text)
            #expect(read == ConflictJSON.decode([String: Setter].self, text), "\(text)")
            #expect(read == original)
            if original.values.allSatisfy({ $0.sides == nil }) {
                #expect(ConflictJSON.plainRegisters(text) == original, "the plain shape must not need the decoder: \(text)")
                plainTaken += 1
            }
        }
        #expect(plainTaken > 200)
    }

    /// Shapes the plain reader must leave to the decoder, which reads each as it always did (nil: no registers).
    @Test(arguments: [
        #"{"holder":{"eventId":"e","actor":"a","time":"t","kept":null}}"#,
        #"{"holder":{"eventId":"e","actor":"a","time":"t","extra":1}}"#,
        #"{"holder":{"eventId":"e","actor":"a"}}"#,
        #"{"holder":{"eventId":1,"actor":"a","time":"t"}}"#,
        #"{"holder":{"eventId":"e","actor":"a","time":"t","kept":7}}"#,
        #"{"holder":[]}"#, "[]", "{}", "null", "{", "",
    ])
    func otherShapesReadAsTheDecoderReadsThem(text: String) {
        #expect(ConflictJSON.registers(text) == ConflictJSON.decode([String: Setter].self, text))
    }
}
