import Foundation
import Testing

/// The linker scripts in static-link/ (which the release `ws` is linked with, Package.swift): a program
/// that uses SQLite, libstdc++ and a C++ exception, linked by gold (Swift's linker) with the same `-L`,
/// loads none of their shared libraries and still runs. The release binary itself is checked by
/// `readelf -d .build-static/release/ws` (static-link/README.md); the tests build in debug.
@Suite struct StaticLinkTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("static-link")

    static let program = """
        #include <sqlite3.h>
        #include <cstdio>
        #include <string>
        int main() {
            std::string version = sqlite3_libversion();
            try { throw version; } catch (const std::string &caught) { std::puts(caught.c_str()); }
            return 0;
        }
        """

    @Test func aProgramLinkedWithTheScriptsLoadsNoneOfTheirSharedLibraries() throws {
        let s = try Sandbox()
        try s.write("uses.cpp", Self.program)
        func link(_ output: String, _ flags: [String]) throws {
            let argv = ["/usr/bin/env", "g++", "-fuse-ld=gold", "uses.cpp", "-o", output] + flags + ["-lsqlite3"]
            try Sandbox.run(argv, cwd: s.root, env: s.environment).check()
        }
        try link("uses", ["-L", Self.folder.path])
        try link("uses-shared", [])
        func needed(_ binary: String) throws -> String {
            try Sandbox.run(["/usr/bin/env", "readelf", "-d", binary], cwd: s.root, env: s.environment).check().stdout
        }
        let shared = try needed("uses-shared")
        #expect(shared.contains("libsqlite3.so") && shared.contains("libstdc++.so"), "\(shared)")
        let statics = try needed("uses")
        for library in ["libsqlite3.so", "libstdc++.so", "libgcc_s.so"] {
            #expect(!statics.contains(library), "\(library) still needed: \(statics)")
        }
        let uses = s.root.appendingPathComponent("uses").path
        let run = try Sandbox.run([uses], cwd: s.root, env: s.environment).check()
        #expect(run.stdout.hasPrefix("3."), "\(run.stdout)")
    }
}
