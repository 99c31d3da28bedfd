import Foundation
import Testing

/// A provider executable that came with the repository (`.ws/providers/`) runs
/// only once the person on this machine approved its exact contents: a clone
/// or a pull never runs code by itself, not even for a listing.
@Suite struct ProviderConsentTests {
    /// Leaves a mark each time it runs, whatever it is asked, so a run that should not have happened shows.
    static func markingPlugin(_ marker: URL) -> String {
        """
        #!/bin/sh
        echo ran >> '\(marker.path)'
        read line
        case "$line" in
          *'"action":"describe"'*'"type"'*) echo '{"type":"result","exists":false}';;
          *'"action":"describe"'*) echo '{"type":"result","resources":[{"type":"thing","summary":"a marked thing","params":[]}]}';;
          *) echo '{"type":"result","outputs":{"url":"thing://ok"}}';;
        esac

        """
    }

    /// A repository that committed the plugin, and a fresh `git clone` of it where nobody approved anything.
    struct Cloned {
        let origin: Sandbox, clone: Sandbox, marker: URL
        var plugin: URL { clone.root.appendingPathComponent(".ws/providers/ws-provider-marker") }
        var ran: Bool { FileManager.default.fileExists(atPath: marker.path) }
        var trustFile: URL { clone.root.appendingPathComponent(".git/ws/trusted-providers.json") }
    }

    func cloned() throws -> Cloned {
        let origin = try Sandbox.withWorkstream()
        let marker = origin.root.appendingPathComponent("marker")
        try origin.installProvider("marker", Self.markingPlugin(marker), trust: false)
        try origin.ws("commit").check()  // the journal, which the clone builds its log from
        try origin.git("add", "-A", identity: true)
        try origin.git("commit", "-q", "-m", "a provider plugin", identity: true)
        let clone = try Sandbox()
        try FileManager.default.removeItem(at: clone.root.appendingPathComponent(".git"))
        try origin.git("clone", "-q", origin.root.path, clone.root.path, identity: true)
        #expect(!FileManager.default.fileExists(atPath: marker.path), "nothing ran the plugin yet")
        return Cloned(origin: origin, clone: clone, marker: marker)
    }

    func sha256(_ file: URL) throws -> String {
        let out = try Sandbox.run(["/usr/bin/env", "sha256sum", file.path], cwd: file.deletingLastPathComponent(), env: [:]).check().stdout
        return String(out.prefix(64))
    }

    func listed(_ s: Sandbox, _ name: String) throws -> [String: Any] {
        let list = try #require(try json(try s.ws("providers", "--json").check().stdout) as? [[String: Any]])
        return try #require(list.first { $0["name"] as? String == name })
    }

    @Test func aPluginThatCameWithACloneIsListedButNotRunUntilTrusted() throws {
        let c = try cloned()
        let sha = try sha256(c.plugin)
        let text = try c.clone.ws("providers").check().stdout
        #expect(!c.ran, "a listing must not run an untrusted plugin")
        #expect(text.contains("marker — \(c.plugin.path)"))
        #expect(text.contains("not trusted on this machine, so not run (sha256 \(sha))"), "\(text)")
        #expect(text.contains("to let it run, read it, then: ws providers trust marker"))
        let entry = try listed(c.clone, "marker")
        #expect(!c.ran)
        #expect(entry["trusted"] as? Bool == false)
        #expect(entry["source"] as? String == "repository")
        #expect(entry["origin"] as? String == c.plugin.path)
        #expect(entry["sha256"] as? String == sha)
        #expect(entry["trustCommand"] as? String == "ws providers trust marker")
        #expect((entry["resources"] as? [Any])?.isEmpty == true)

        let before = try c.clone.snapshot()
        let refused = try c.clone.ws("provision", "A1", "thing", "t1", "--provider", "marker")
        #expect(refused.code == 3, "\(refused.stderr)")
        #expect(refused.stderr.contains(c.plugin.path) && refused.stderr.contains("ws providers trust marker"), "\(refused.stderr)")
        #expect(!c.ran)
        #expect(try c.clone.snapshot() == before, "a refused provision records nothing")

        let trusted = try c.clone.ws("providers", "trust", "marker").check()
        #expect(trusted.stdout.contains(sha))
        #expect(!c.ran, "trusting reads the file, it does not run it")
        #expect(try c.clone.ws("providers").check().stdout.contains("thing: a marked thing"))
        #expect(c.ran)
        #expect(try listed(c.clone, "marker")["trusted"] as? Bool == true)
        try c.clone.ws("provision", "A1", "thing", "t1", "--provider", "marker").check()
        #expect(try c.clone.ws("env", "A1").check().stdout.contains("T1_URL=thing://ok"))
        try c.clone.ws("verify").check()
    }

    @Test func theApprovalIsKeptOutsideGitPrivately() throws {
        let c = try cloned()
        try c.clone.ws("providers", "trust", "marker").check()
        let attributes = try FileManager.default.attributesOfItem(atPath: c.trustFile.path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let approvals = try #require(try json(String(contentsOf: c.trustFile, encoding: .utf8)) as? [String: Any])
        let entry = (approvals["trusted"] as? [String: Any])?[c.plugin.path] as? [String: Any]
        #expect(entry?["sha256"] as? String == (try sha256(c.plugin)))
        // Not tracked, not even untracked in the work tree: no commit or push can carry an approval.
        let status = try c.clone.git("status", "--porcelain", "--untracked-files=all", "--ignored", identity: true).stdout
        let tracked = try c.clone.git("ls-files", identity: true).stdout
        #expect(!status.contains("trusted") && !tracked.contains("trusted"), "\(status)")
        let inWorkTree = FileManager.default.enumerator(atPath: c.clone.root.path)?.compactMap { $0 as? String }
            .filter { !$0.hasPrefix(".git/") && $0.hasSuffix("trusted-providers.json") }
        #expect(inWorkTree?.isEmpty == true)
    }

    @Test func aChangedPluginDoesNotRunUntilTrustedAgain() throws {
        let c = try cloned()
        try c.clone.ws("providers", "trust", "marker").check()
        let handle = try FileHandle(forWritingTo: c.plugin)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("# one more line\n".utf8))
        try handle.close()
        let text = try c.clone.ws("providers").check().stdout
        #expect(text.contains("changed since it was trusted on this machine, so not run (sha256 now \(try sha256(c.plugin)))"), "\(text)")
        #expect(try listed(c.clone, "marker")["changed"] as? Bool == true)
        #expect(!c.ran)
        let before = try c.clone.snapshot()
        let refused = try c.clone.ws("provision", "A1", "thing", "t1", "--provider", "marker")
        #expect(refused.code == 3)
        #expect(refused.stderr.contains("changed since it was trusted"), "\(refused.stderr)")
        #expect(refused.stderr.contains("ws providers trust marker"))
        #expect(!c.ran)
        #expect(try c.clone.snapshot() == before)
        try c.clone.ws("providers", "trust", "marker").check()
        try c.clone.ws("provision", "A1", "thing", "t1", "--provider", "marker").check()
        #expect(c.ran)
    }

    @Test func untrustStopsItAgain() throws {
        let c = try cloned()
        try c.clone.ws("providers", "trust", "marker").check()
        try c.clone.ws("providers", "untrust", "marker").check()
        try c.clone.ws("providers").check()
        #expect(!c.ran)
        #expect(try c.clone.ws("provision", "A1", "thing", "t1", "--provider", "marker").code == 3)
        let again = try c.clone.ws("providers", "untrust", "marker")
        #expect(again.code == 4 && again.stderr.contains("no provider 'marker' is trusted"))
    }

    /// The file is hashed again right before each run: a plugin that changes
    /// after its `describe` is not run for the `apply` that follows.
    @Test func aPluginChangedWhileInUseIsNotRunAgain() throws {
        let s = try Sandbox.withWorkstream()
        let applied = s.root.appendingPathComponent(".git/applied")
        try s.installProvider("shifty", """
            #!/bin/sh
            read line
            case "$line" in
              *'"action":"describe"'*) echo '# edited while ws was using it' >> "$0"
                echo '{"type":"result","resources":[{"type":"thing","summary":"a thing","params":[]}]}';;
              *) echo applied >> '\(applied.path)'; echo '{"type":"result","outputs":{"url":"x"}}';;
            esac
            """)
        let r = try s.ws("provision", "A1", "thing", "t1", "--provider", "shifty")
        #expect(r.code == 1)
        #expect(r.stderr.contains("changed since it was trusted"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: applied.path))
        #expect(try s.eventTypes("A1").suffix(2) == ["ProvisionRequested", "ProvisionFailed"])
    }

    @Test func aPluginOnPathRunsWithoutTrustAndABuiltInNameIsNeverTakenFromTheRepository() throws {
        let s = try Sandbox.withWorkstream()
        let bin = s.root.appendingPathComponent(".git/test-bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let marker = bin.appendingPathComponent("marker")
        try Data(Self.markingPlugin(marker).utf8).write(to: bin.appendingPathComponent("ws-provider-pathy"))
        chmod(bin.appendingPathComponent("ws-provider-pathy").path, 0o755)
        s.environment["PATH"] = bin.path + ":" + (s.environment["PATH"] ?? "/usr/bin:/bin")
        let pathy = try listed(s, "pathy")
        #expect(FileManager.default.fileExists(atPath: marker.path), "a PATH plugin runs as it always did")
        #expect(pathy["source"] as? String == "path" && pathy["trusted"] == nil)
        try s.ws("provision", "A1", "thing", "p1", "--provider", "pathy").check()
        let notHere = try s.ws("providers", "trust", "pathy")
        #expect(notHere.code == 4 && notHere.stderr.contains("no repository provider 'pathy'"), "\(notHere.stderr)")
        #expect(try s.ws("providers", "trust", "nosuch").code == 4)

        let shadow = s.root.appendingPathComponent(".git/shadow-ran")
        try s.installProvider("local", Self.markingPlugin(shadow), trust: false)
        let list = try #require(try json(try s.ws("providers", "--json").check().stdout) as? [[String: Any]])
        #expect(list.filter { $0["name"] as? String == "local" }.map { $0["source"] as? String } == ["built-in"])
        let builtIn = try s.ws("providers", "trust", "local")
        #expect(builtIn.code == 4 && builtIn.stderr.contains("built-in"))
        #expect(!FileManager.default.fileExists(atPath: shadow.path))
        #expect(!FileManager.default.fileExists(atPath: s.root.appendingPathComponent(".git/ws/trusted-providers.json").path))
    }

    /// A file name is anyone's text: the trust command ws prints runs as printed.
    @Test func theTrustCommandRunsAsPrintedWhateverThePluginIsCalled() throws {
        let s = try Sandbox.withWorkstream()
        let marker = s.root.appendingPathComponent(".git/odd-ran")
        try s.installProvider("it's $(odd)", Self.markingPlugin(marker), trust: false)
        let command = try #require(try listed(s, "it's $(odd)")["trustCommand"] as? String)
        #expect(command == "ws providers trust 'it'\\''s $(odd)'")
        let shell = "'\(Sandbox.binary.path)'" + command.dropFirst("ws".count)
        try Sandbox.run(["/bin/sh", "-c", shell], cwd: s.root, env: s.environment).check()
        #expect(!FileManager.default.fileExists(atPath: marker.path))
        #expect(try listed(s, "it's $(odd)")["trusted"] as? Bool == true)
        #expect(FileManager.default.fileExists(atPath: marker.path))
    }
}
