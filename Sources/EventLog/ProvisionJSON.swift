import WorkstreamKit

/// A provisioned resource as its read-model row stores it.
enum ProvisionJSON {
    static func decode(_ text: String) throws -> Provision {
        do { return try CanonicalJSON.decode(Provision.self, from: text) } catch {
            throw EventStoreError.corrupt(path: "provisions read model", detail: "a row does not decode (\(error)); run 'ws rebuild'")
        }
    }
}
