import Foundation
import PropertyBased
import Testing
@testable import EventLog
import WorkstreamKit

/// Property-based fuzzing of what ws reads from outside: plans, and journal
/// or export lines. Whatever the bytes, the reader returns a value or a typed
/// error with a message; it never crashes, and never accepts an altered event.
/// (The plugin output reader is fuzzed with the provider work: docs/reliability.md.)
@Suite struct BadInputTests {
    static let plan = (try? String(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("examples/infrastructure-plan.yaml"), encoding: .utf8)) ?? ""

    /// Replaces, inserts or deletes (by position modulo 3) a byte at each position.
    static func mutate(_ text: String, positions: [Int], bytes: [UInt8]) -> [UInt8] {
        var b = Array(text.utf8)
        for (i, p) in positions.enumerated() where !b.isEmpty {
            let at = p % b.count
            let byte = bytes.isEmpty ? 0 : bytes[i % bytes.count]
            switch p % 3 {
            case 0: b[at] = byte
            case 1: b.insert(byte, at: at)
            default: b.remove(at: at)
            }
        }
        return b
    }

    @Test func theRealPlanParsesBeforeItIsMutated() throws {
        #expect(!Self.plan.isEmpty)
        #expect(try PlanParser.parse(Self.plan, readFile: { _ in "" }).workstreams.count > 3)
    }

    @Test func aMutatedPlanIsParsedOrRefusedWithAMessage() async {
        let counts = ErrorLog()
        await propertyCheck(count: 400, input: Gen<Int>.int(in: 0...100_000).array(of: 1...6), Gen<UInt8>.value(in: 0...255).array(of: 1...6)) { positions, bytes in
            let text = String(decoding: Self.mutate(Self.plan, positions: positions, bytes: bytes), as: UTF8.self)
            do {
                let plan = try PlanParser.parse(text, readFile: { _ in "" })
                #expect(!plan.workstreams.isEmpty)
                counts.add("accepted")
            } catch let failure as PlanParser.Failure {
                #expect(!failure.message.isEmpty)
                counts.add("refused")
            } catch {
                Issue.record("untyped rejection: \(error)")
            }
        }
        let all = counts.all
        print("plan fuzz: \(all.count) mutated plans, \(all.filter { $0 == "refused" }.count) refused with a message, \(all.filter { $0 == "accepted" }.count) still valid")
    }

    @Test func randomTextIsNeverAPlan() async {
        await propertyCheck(count: 300, input: Gen<UInt8>.value(in: 0...255).array(of: 0...300)) { bytes in
            do {
                _ = try PlanParser.parse(String(decoding: bytes, as: UTF8.self), readFile: { _ in "" })
            } catch let failure as PlanParser.Failure {
                #expect(!failure.message.isEmpty)
            } catch {
                Issue.record("untyped rejection: \(error)")
            }
        }
    }

    static let exportLine: String = {
        let payload = EventCodec.encodePayload(.logged(.init(message: "VPC created", kind: .decision, hours: 1.5)))
        let hash = HashChain.hash(prev: HashChain.genesis, seq: 1, eventId: "e-1", stream: "A1", version: 1, type: "DevlogEntryRecorded",
                                  schemaVersion: EventCodec.currentSchemaVersion, actor: "alice", time: "2026-11-21T10:00:00.000Z", payload: payload, clock: 1)
        return ExportFormat.line(RecordedEvent(seq: 1, eventId: "e-1", stream: "A1", version: 1, type: "DevlogEntryRecorded",
                                               schemaVersion: EventCodec.currentSchemaVersion, payload: payload, actor: "alice",
                                               time: "2026-11-21T10:00:00.000Z", prevHash: HashChain.genesis, hash: hash))
    }()

    @Test func aMutatedExportLineIsRejectedByLineOrStillMatchesItsHash() async throws {
        #expect(try ExportFormat.parse(Substring(Self.exportLine), number: 1).eventId == "e-1")
        let counts = ErrorLog()
        await propertyCheck(count: 500, input: Gen<Int>.int(in: 0...100_000).array(of: 1...4), Gen<UInt8>.value(in: 0...255).array(of: 1...4)) { positions, bytes in
            let mutated = Self.mutate(Self.exportLine, positions: positions, bytes: bytes)
            do {
                let events = try ExportFormat.parseAll(Data(mutated))
                // Only edits that change no hashed field (spacing, say) may pass.
                #expect(events.allSatisfy { HashChain.hash(of: $0) == $0.hash && $0.hash == (try? ExportFormat.parse(Substring(Self.exportLine), number: 1))?.hash })
                counts.add("accepted")
            } catch let EventStoreError.importRejected(line, detail) {
                #expect(line >= 1 && !detail.isEmpty)
                counts.add("rejected")
            } catch {
                Issue.record("untyped rejection: \(error)")
            }
        }
        let all = counts.all
        print("export fuzz: \(all.count) mutated lines, \(all.filter { $0 == "rejected" }.count) rejected naming the line, \(all.filter { $0 == "accepted" }.count) unchanged in substance")
    }

    @Test func randomBytesAreNeverAnExport() async {
        await propertyCheck(count: 300, input: Gen<UInt8>.value(in: 0...255).array(of: 1...400)) { bytes in
            do {
                let events = try ExportFormat.parseAll(Data(bytes))
                #expect(events.isEmpty, "random bytes parsed as \(events.count) events")
            } catch let EventStoreError.importRejected(line, detail) {
                #expect(line >= 1 && !detail.isEmpty)
            } catch {
                Issue.record("untyped rejection: \(error)")
            }
        }
    }
}
