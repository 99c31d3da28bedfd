import Foundation
import GitStore
import TestSupport
import Testing

/// The text reading that lets a command skip libgit2 when no configuration can set `ws.store`, checked against
/// git itself: whenever git finds a value in a file, the reading must say it may be set.
@Suite struct ConfigScanTests {
    static let samples: [String] = [
        "[core]\n\tbare = false\n",
        "[ws]\n\tstore = postgres://team@db/ws\n",
        "[WS]\n\tStore = postgres://team@db/ws\n",
        "[ws] store = postgres://team@db/ws\n",
        "[ws]\nstore\n",
        "[ws]\n  # store = commented\n; store = too\n",
        "[ws \"sub\"]\n\tstore = another variable\n",
        "[credential]\n\thelper = store\n[user]\n\tname = store\n",
        "[ws]\n\tother = 1\n[core]\n\tstore = 2\n",
        "[include]\n\tpath = elsewhere\n",
        "[ws]\n\tstore = \"postgres://a@b/c\\\n\"\n",
        "[ws]\r\n\tstore = crlf\r\n",
    ]

    @Test func neverSaysUnsetWhereGitFindsAValue() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ws-cfgscan-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var unsetSeen = 0
        for (i, text) in Self.samples.enumerated() {
            let file = dir.appendingPathComponent("config-\(i)")
            try text.write(to: file, atomically: true, encoding: .utf8)
            let git = try Git.run(["config", "--file", file.path, "--get", "ws.store"], in: dir,
                                  environment: Git.isolated(home: dir))
            let maySet = RepositoryLocation.maySet(text, section: "ws", key: "store")
            if git.code == 0 { #expect(maySet, "git reads ws.store from \(text.debugDescription)") }
            if !maySet { unsetSeen += 1 }
        }
        // The reading must also be useful: a credential helper named "store" is not ws.store.
        #expect(!RepositoryLocation.maySet(Self.samples[7], section: "ws", key: "store"))
        #expect(unsetSeen >= 4, "the reading says 'may be set' almost always: \(unsetSeen)")
    }
}
