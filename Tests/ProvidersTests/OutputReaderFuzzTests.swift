import Foundation
import PropertyBased
import Testing
@testable import Providers

/// Property-based fuzzing of the plugin output reader: whatever a provider
/// prints, the reader returns lines or a ProviderFailure with a message; it
/// never crashes and never takes a damaged line for a result.
@Suite struct OutputReaderFuzzTests {
    static let good = """
        {"type":"progress","message":"creating cluster"}
        {"type":"result","outputs":{"host":"db.internal","port":5432},"secrets":{"password":"pw"},"commands":["doctl databases create db"]}

        """

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

    /// Feeds `bytes` in chunks of the given sizes, as a pipe might deliver them.
    static func read(_ bytes: [UInt8], chunks: [Int]) throws(ProviderFailure) -> [ProviderOutputReader.Line] {
        var reader = ProviderOutputReader(provider: "fuzz")
        var lines: [ProviderOutputReader.Line] = []
        var rest = bytes[...]
        var i = 0
        while !rest.isEmpty {
            let n = max(1, chunks.isEmpty ? rest.count : chunks[i % chunks.count])
            lines += try reader.feed(Array(rest.prefix(n)))
            rest = rest.dropFirst(n)
            i += 1
        }
        return lines + (try reader.finish())
    }

    @Test func theUnmutatedOutputReadsTheSameWhateverTheChunking() async throws {
        let whole = try Self.read(Array(Self.good.utf8), chunks: [])
        #expect(whole.count == 2)
        await propertyCheck(count: 200, input: Gen<Int>.int(in: 1...40).array(of: 1...8)) { chunks in
            #expect((try? Self.read(Array(Self.good.utf8), chunks: chunks)) == whole)
        }
    }

    @Test func mutatedOutputIsReadOrRejectedWithAMessage() async {
        let tally = Tally()
        await propertyCheck(count: 500, input: Gen<Int>.int(in: 0...10_000).array(of: 1...6), Gen<UInt8>.value(in: 0...255).array(of: 1...6)) { positions, bytes in
            do {
                let lines = try Self.read(Self.mutate(Self.good, positions: positions, bytes: bytes), chunks: [7, 3, 64])
                #expect(lines.filter { if case .result = $0 { return true }; if case .error = $0 { return true }; return false }.count <= 1, "at most one final line")
                tally.add("read")
            } catch {
                let message = (error as? ProviderFailure)?.message ?? "untyped: \(error)"
                #expect(message.contains("provider 'fuzz'"), "\(message)")
                tally.add("rejected")
            }
        }
        print("plugin output fuzz: \(tally.count("read")) mutated outputs still valid, \(tally.count("rejected")) rejected with a message")
    }

    @Test func randomBytesNeverCrashTheReader() async {
        await propertyCheck(count: 300, input: Gen<UInt8>.value(in: 0...255).array(of: 0...400)) { bytes in
            do { _ = try Self.read(bytes, chunks: [5, 50]) } catch { #expect((error as? ProviderFailure)?.message.isEmpty == false, "\(error)") }
        }
    }
}

/// Counts outcomes across the property checks' iterations.
final class Tally: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []
    func add(_ s: String) { lock.lock(); items.append(s); lock.unlock() }
    func count(_ s: String) -> Int { lock.lock(); defer { lock.unlock() }; return items.filter { $0 == s }.count }
}
