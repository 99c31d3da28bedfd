import Foundation
import WorkstreamKit

/// A provisioned resource as its read-model row stores it.
enum ProvisionJSON {
    static func encode(_ p: Provision) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(p), as: UTF8.self)
    }

    static func decode(_ text: String) throws -> Provision {
        do { return try JSONDecoder().decode(Provision.self, from: Data(text.utf8)) } catch {
            throw EventStoreError.corrupt(path: "provisions read model", detail: "a row does not decode (\(error)); run 'ws rebuild'")
        }
    }
}
