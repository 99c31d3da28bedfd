import Foundation
import Testing

/// Debian's libgit2 1.5 parses every certificate in /etc/ssl/certs inside `git_libgit2_init` (52 M instructions,
/// a fifth of a `ws complete` on the 10,000-workstream plan), for network transports ws never uses. ws exports
/// its own two mbedTLS loaders, which load nothing (Sources/CLibLoader/no_ca_certificates.c). These tests read
/// the dynamic linker's own account of the binding (LD_DEBUG=bindings): if a linker or packaging change stopped
/// exporting them, the lines would name libmbedx509 instead, and the figure in BENCHMARKS.md would be stale.
@Suite struct CertificateSkipTests {
    /// Every binding line of `symbol` in a traced run's stderr.
    func bindings(of symbol: String, in stderr: String) -> [Substring] {
        stderr.split(separator: "\n").filter { $0.contains("binding file") && $0.contains("`\(symbol)'") }
    }

    @Test func libgit2CallsWsOwnCertificateLoaders() throws {
        let box = try Sandbox()
        try box.ws("init").check()
        try box.ws("new", "A1", "--title", "Work A1").check()
        try box.ws("start", "A1").check()
        // `complete` writes documents and commits them: libgit2 is opened and initialised in this process.
        let traced = try box.ws("complete", "A1", env: ["LD_DEBUG": "bindings"]).check()
        let ws = Sandbox.binary.resolvingSymlinksInPath().path
        for loader in ["mbedtls_x509_crt_parse_file", "mbedtls_x509_crt_parse_path"] {
            let lines = bindings(of: loader, in: traced.stderr)
            // libgit2 calls both; libmbedx509's own reference (parse_path reading each file) binds as well.
            #expect(lines.contains { $0.contains("binding file") && $0.contains("libgit2") },
                    "libgit2 did not look up \(loader): \(traced.stderr.suffix(2_000))")
            for line in lines {
                #expect(line.contains(" to \(ws) "), "bound elsewhere than ws: \(line)")
            }
        }
        // And the commit happened as before, by libgit2.
        let log = try box.git("log", "--format=%s", "-1").stdout
        #expect(log.contains("A1"), "\(log)")
    }

    @Test func wsExportsOnlyTheTwoLoaders() throws {
        // The executable's dynamic symbol table: the two loaders, and none of the trampolines named like
        // libgit2's own functions (exported, they would take libgit2's internal calls and recurse).
        let result = try Sandbox.run(["/usr/bin/nm", "-D", "--defined-only", Sandbox.binary.path],
                                     cwd: URL(fileURLWithPath: "/"), env: ProcessInfo.processInfo.environment)
        #expect(result.code == 0, "nm (binutils) failed: \(result.stderr)")
        let names = Set(result.stdout.split(separator: "\n").compactMap { $0.split(separator: " ").last.map(String.init) })
        #expect(names.contains("mbedtls_x509_crt_parse_file"))
        #expect(names.contains("mbedtls_x509_crt_parse_path"))
        #expect(!names.contains("git_libgit2_init"), "the trampolines are exported")
        #expect(!names.contains("git_commit_create"), "the trampolines are exported")
    }
}
