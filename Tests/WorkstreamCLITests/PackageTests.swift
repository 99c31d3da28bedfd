import Foundation
import Testing

/// The package `make dist` builds (scripts/make-dist.sh), as a person gets it: its metadata and files read with
/// dpkg-deb, then installed with dpkg, used (`ws --version`, `man ws`, a plan), and removed and purged, leaving
/// the folders it wrote to as they were. `make test` builds dist/ before the suite (the static release build
/// takes minutes, so the test reads that package rather than building its own); CI runs as root.
@Suite(.serialized) struct PackageTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// What the package must hold, and nothing else but the folders above these.
    static let files: Set<String> = [
        "/usr/bin/ws", "/usr/share/man/man1/ws.1.gz", "/usr/share/bash-completion/completions/ws",
        "/usr/share/zsh/vendor-completions/_ws", "/usr/share/fish/vendor_completions.d/ws.fish",
        "/usr/share/doc/ws/copyright", "/usr/share/doc/ws/changelog.gz", "/usr/share/lintian/overrides/ws",
    ]

    /// The run-time libraries of the static binary: libc (SQLite, libstdc++ and libgcc's unwinder are linked in,
    /// static-link/README.md), and libcurl and libgit2, which Sources/CLibLoader loads by soname (libgit2's
    /// package is named after its soname, so any libgit2-N).
    static let libraries: Set<String> = ["libc6", "libcurl4"]

    static func run(_ argv: [String], env: [String: String] = [:]) throws -> Sandbox.Result {
        var environment = ProcessInfo.processInfo.environment.merging(env) { $1 }
        environment["DEBIAN_FRONTEND"] = "noninteractive"
        return try Sandbox.run(["/usr/bin/env"] + argv, cwd: URL(fileURLWithPath: "/"), env: environment)
    }

    /// The package's built file for this version of ws, which must exist.
    static func debianPackage() throws -> (path: String, version: String) {
        let version = try Sandbox.run([Sandbox.binary.path, "--version"], cwd: repository, env: [:]).check().stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let path = repository.appendingPathComponent("dist/ws_\(version)_amd64.deb").path
        try #require(FileManager.default.fileExists(atPath: path),
                     "no \(path): make test builds it before the suite (make dist)")
        return (path, version)
    }

    @Test func theDebHoldsTheBinaryCompletionsAndManPageAndDependsOnlyOnRuntimeLibraries() throws {
        let (deb, version) = try Self.debianPackage()
        let info = try Self.run(["dpkg-deb", "--info", deb]).check().stdout
        let control = Self.fields(info)
        #expect(control["Package"] == "ws" && control["Version"] == version && control["Architecture"] == "amd64",
                "\(info)")
        let depends = Set((control["Depends"] ?? "").split(separator: ",").map {
            String($0.split(separator: " ").first ?? "")
        })
        #expect(depends.subtracting(Self.libraries).count == 1, "Depends: \(depends)")
        #expect(depends.isSuperset(of: Self.libraries), "Depends: \(depends)")
        #expect(depends.contains { $0.hasPrefix("libgit2-") }, "Depends: \(depends)")
        #expect(control["Recommends"] == "graphviz", "Recommends: \(control["Recommends"] ?? "none")")

        let listing = try Self.run(["dpkg-deb", "--contents", deb]).check().stdout
        let entries = listing.split(separator: "\n").map { Self.entry(String($0)) }
        let files = Set(entries.filter { !$0.mode.hasPrefix("d") }.map(\.path))
        #expect(files == Self.files, "contents: \(listing)")
        #expect(entries.allSatisfy { $0.owner == "root/root" }, "\(listing)")
        #expect(entries.first { $0.path == "/usr/bin/ws" }?.mode == "-rwxr-xr-x", "\(listing)")
    }

    @Test func installedWithDpkgItRunsShowsItsManPageAndIsRemovedWithoutATrace() throws {
        try #require(getuid() == 0, "installing a package needs root: run make test as root (CI does)")
        let (deb, version) = try Self.debianPackage()
        let installed = try Self.run(["dpkg-query", "-W", "-f=${Status}", "ws"])
        try #require(!installed.stdout.contains("installed"),
                     "a package named ws is already on this machine (\(installed.stdout)): dpkg -r ws, then run again")
        let before = try Self.tree()
        defer { _ = try? Self.run(["dpkg", "--purge", "ws"]) }

        try Self.run(["dpkg", "-i", deb]).check()
        #expect(try Self.run(["dpkg", "--verify", "ws"]).check().stdout.isEmpty, "installed files differ from md5sums")
        let listed = Set(try Self.run(["dpkg", "-L", "ws"]).check().stdout.split(separator: "\n").map(String.init))
        #expect(listed.isSuperset(of: Self.files), "dpkg -L ws: \(listed.sorted())")
        #expect(FileManager.default.fileExists(atPath: "/usr/share/man/man1/ws.1.gz"),
                "dpkg left out the man page: a path-exclude in /etc/dpkg/dpkg.cfg.d (minimal images) drops them")

        #expect(try Self.run(["/usr/bin/ws", "--version"]).check().stdout == version + "\n")
        #expect(try Self.run(["man", "-w", "ws"]).check().stdout == "/usr/share/man/man1/ws.1.gz\n")
        let page = try Self.run(["man", "ws"], env: ["MANPAGER": "cat", "MANWIDTH": "100", "TERM": "dumb"]).check()
        #expect(page.stdout.contains("prime") && page.stdout.contains("mcp"), "man ws: \(page.stdout.prefix(400))")
        let completion = try Self.run(["/bin/bash", "-c",
                                       "source /usr/share/bash-completion/completions/ws && complete -p ws"]).check()
        #expect(completion.stdout.contains("-F _ws ws"))

        // The demo's first steps, by the installed binary in a throwaway repository.
        let s = try Sandbox()
        let ws = ["/usr/bin/ws"]
        try Sandbox.run(ws + ["init"], cwd: s.root, env: s.environment).check()
        try Sandbox.run(ws + ["plan", "apply", DemoPlan.url.path], cwd: s.root, env: s.environment).check()
        let ready = try Sandbox.run(ws + ["ready"], cwd: s.root, env: s.environment).check().stdout
        #expect(ready.contains("A1") && !ready.contains("D1"), "ws ready: \(ready)")
        try Sandbox.run(ws + ["start", "A1", "--agent", "alice"], cwd: s.root, env: s.environment).check()
        try Sandbox.run(ws + ["verify"], cwd: s.root, env: s.environment).check()

        try Self.run(["dpkg", "-r", "ws"]).check()
        try Self.run(["dpkg", "--purge", "ws"]).check()
        let status = try Self.run(["dpkg-query", "-W", "-f=${Status}", "ws"])
        #expect(!status.stdout.contains("installed") || status.stdout.contains("not-installed"), "\(status.stdout)")
        let after = try Self.tree()
        #expect(after.symmetricDifference(before).isEmpty,
                "left behind: \(after.subtracting(before).sorted()); gone: \(before.subtracting(after).sorted())")
    }

    /// Every path under the folders the package writes to, and dpkg's own records of it.
    static func tree() throws -> Set<String> {
        let roots = ["/usr/bin", "/usr/share/man", "/usr/share/bash-completion", "/usr/share/zsh", "/usr/share/fish",
                     "/usr/share/doc", "/usr/share/lintian", "/var/lib/dpkg/info"].filter { FileManager.default.fileExists(atPath: $0) }
        let found = try run(["find"] + roots).check().stdout
        return Set(found.split(separator: "\n").map(String.init))
    }

    /// The control fields of `dpkg-deb --info`, whose lines are indented by one space.
    static func fields(_ info: String) -> [String: String] {
        var fields: [String: String] = [:]
        for line in info.split(separator: "\n") {
            let text = line.drop { $0 == " " }
            guard let colon = text.firstIndex(of: ":"), !text[..<colon].contains(" ") else { continue }
            fields[String(text[..<colon])] = text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return fields
    }

    /// One line of `dpkg-deb --contents` (tar's long listing): its mode, owner and path, the path from "/".
    static func entry(_ line: String) -> (mode: String, owner: String, path: String) {
        let columns = line.split(separator: " ", omittingEmptySubsequences: true)
        let path = String(columns.last ?? "").replacingOccurrences(of: "./", with: "/", options: .anchored)
        let trimmed = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
        return (String(columns.first ?? ""), String(columns.count > 1 ? columns[1] : ""), trimmed)
    }
}
