import Foundation
import Testing

/// Every place ws keeps or publishes text where no secret value may go.
extension Sandbox {
    /// (where, text): the log (`ws history --json`), `ws export`, each journal file, each document, `git log -p --all`.
    /// Commits first (`ws commit`), so the documents and git history hold everything recorded so far.
    func publishedPlaces() throws -> [(String, String)] {
        try ws("commit").check()
        var places = [("the log", try ws("history", "--json").check().stdout), ("the export", try snapshot())]
        for folder in [".ws/journal", "Workstreams", "Handoffs", "devlog"] {
            let dir = root.appendingPathComponent(folder)
            for name in (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? [] {
                places.append(("\(folder)/\(name)", try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)))
            }
        }
        let git = try Sandbox.run(["/usr/bin/env", "git", "log", "-p", "--all"], cwd: root, env: environment).check().stdout
        places.append(("git history", git))
        return places
    }

    /// Fails for each place (and each of `outputs`, the commands' stdout and stderr) that contains `value`.
    func expectNowhere(_ value: String, outputs: [Result], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let places = try publishedPlaces()
        #expect(places.contains { $0.0 == "git history" && !$0.1.isEmpty }, sourceLocation: sourceLocation)
        #expect(places.contains { $0.0.hasPrefix(".ws/journal/") }, "no journal file was written", sourceLocation: sourceLocation)
        for (place, text) in places {
            #expect(!text.contains(value), "\(value.debugDescription) is in \(place)", sourceLocation: sourceLocation)
        }
        for (i, r) in outputs.enumerated() {
            #expect(!r.stdout.contains(value), "\(value.debugDescription) is in the stdout of command \(i)", sourceLocation: sourceLocation)
            #expect(!r.stderr.contains(value), "\(value.debugDescription) is in the stderr of command \(i)", sourceLocation: sourceLocation)
        }
    }
}
