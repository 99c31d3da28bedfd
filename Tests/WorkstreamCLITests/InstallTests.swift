import Foundation
import Testing

/// `make install`'s own step (scripts/install.sh) into a throwaway prefix: the binary,
/// completions for bash, zsh and fish, and the man page from generate-manual
/// (built by `make test` beside ws, from swift-argument-parser's checkout).
@Suite struct InstallTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("scripts/install.sh")

    @Test func installPutsTheBinaryCompletionsAndManPageUnderThePrefix() throws {
        let s = try Sandbox()
        let manual = Sandbox.binary.deletingLastPathComponent().appendingPathComponent("generate-manual")
        try #require(FileManager.default.isExecutableFile(atPath: manual.path),
                     "no \(manual.path): build it with 'swift build --product generate-manual' (make test does)")
        let prefix = s.root.appendingPathComponent("prefix")
        try Sandbox.run([Self.script.path, Sandbox.binary.path, prefix.path, manual.path], cwd: s.root, env: s.environment).check()
        let installed = prefix.appendingPathComponent("bin/ws")
        #expect(try Sandbox.run([installed.path, "--version"], cwd: s.root, env: s.environment).check().stdout == "0.1.0\n")
        let bash = prefix.appendingPathComponent("share/bash-completion/completions/ws").path
        let complete = try Sandbox.run(["/bin/bash", "-c", "source \"$0\" && complete -p ws", bash], cwd: s.root, env: s.environment).check()
        #expect(complete.stdout.contains("-F _ws ws"))
        let zsh = try String(contentsOf: prefix.appendingPathComponent("share/zsh/site-functions/_ws"), encoding: .utf8)
        #expect(zsh.hasPrefix("#compdef ws") && zsh.contains("'prime:"), "\(zsh.prefix(200))")
        let fish = try String(contentsOf: prefix.appendingPathComponent("share/fish/vendor_completions.d/ws.fish"), encoding: .utf8)
        #expect(fish.contains("complete -c 'ws'") && fish.contains("'mcp'"))
        let man = try String(contentsOf: prefix.appendingPathComponent("share/man/man1/ws.1"), encoding: .utf8)
        #expect(man.contains(".Dt WS 1") && man.contains(".It Em prime") && man.contains(".It Em mcp"))
    }
}
