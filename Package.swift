// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "ws",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "ws", targets: ["ws"]),
        .executable(name: "ws-benchgen", targets: ["BenchGen"]),
        .executable(name: "ws-loadgen", targets: ["LoadGen"]),
        .library(name: "WorkstreamKit", targets: ["WorkstreamKit"]),
        .library(name: "EventLog", targets: ["EventLog"]),
        .library(name: "Operations", targets: ["Operations"]),
        .library(name: "WorkstreamCLI", targets: ["WorkstreamCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        // Hummingbird's own: named for the board's channel handler (NIOCore, NIOHTTPTypes).
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.0"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.34.1"),
    ],
    targets: [
        // Pure domain: events, decider, dependency graph, plan parsing, renderers. No I/O.
        .target(
            name: "WorkstreamKit",
            // Crypto: SHA-256 names the folder of a large project's documents (DocumentLayout).
            dependencies: [.product(name: "Yams", package: "Yams"), .product(name: "Crypto", package: "swift-crypto")]
        ),
        // The append-only log and the read models, behind one store protocol.
        .target(
            name: "EventLog",
            dependencies: [
                "WorkstreamKit",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // The shared log for agents on several machines: the same events table, chain and promises in PostgreSQL.
        .target(
            name: "PostgresStore",
            dependencies: [
                "WorkstreamKit",
                "EventLog",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // libgit2's headers from the system (apt libgit2-dev), through a module map and a shim.
        // No pkgConfig and no `link`: the library is not linked at start-up but opened by CLibLoader.
        .systemLibrary(
            name: "CLibGit2",
            providers: [.apt(["libgit2-dev"])]
        ),
        // libcurl's headers from the system (apt libcurl4-openssl-dev); typed wrappers for its variadic calls in shim.h.
        .systemLibrary(
            name: "CCurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        // Opens libgit2 and libcurl with dlopen the first time a command needs them: linked at
        // start-up, their forty shared objects cost more than a whole `ws ready` (see BENCHMARKS.md).
        .target(name: "CLibLoader"),
        // The one runner of child processes (a deadline, its own process group, output streamed): plugins, checks,
        // Graphviz's dot and git's command line; and the one write(2) loop every module writes whole buffers with.
        .target(name: "Spawning"),
        // Provider plugins: protocol v1 and the built-ins (local, exec, aws, the cloud CLIs).
        .target(
            name: "Providers",
            dependencies: ["WorkstreamKit", "Spawning", "CCurl", "CLibLoader",
                           .product(name: "Crypto", package: "swift-crypto")]
        ),
        // Commits of generated files with libgit2, leaving everything else in the repository alone; fetches and
        // pushes of `ws serve --push` with git's command line (the team's credentials and ssh setup).
        .target(
            name: "GitStore",
            dependencies: ["CLibGit2", "CLibLoader", "Spawning", .product(name: "Crypto", package: "swift-crypto")]
        ),
        // One function per verb over the stores, with publishing, checks and provisioning runs: what every
        // front end (the command line, `ws mcp`, the board) calls. Never parses arguments, prints or exits.
        .target(
            name: "Operations",
            dependencies: ["WorkstreamKit", "EventLog", "PostgresStore", "GitStore", "Providers", "Spawning",
                           .product(name: "Crypto", package: "swift-crypto")]
        ),
        // `ws mcp`: the MCP server on stdio, a front end beside the command line and the board.
        .target(name: "MCPFrontEnd", dependencies: ["Operations", "WorkstreamKit", "EventLog"]),
        // Every command of the command line (arguments in, outcome out); a library so tests can call it.
        .target(
            name: "WorkstreamCLI",
            dependencies: [
                "WorkstreamKit",
                "EventLog",
                "Operations",
                "MCPFrontEnd",
                "Providers",
                "Board",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // `ws serve`: the live board in the browser (pages, SVG graph, JSON API, server-sent events), read-only.
        .target(
            name: "Board",
            dependencies: [
                "WorkstreamKit",
                "EventLog",
                "Operations",
                // `/mcp`: the same MCP server as `ws mcp`, over HTTP.
                "MCPFrontEnd",
                // ChildProcess: Graphviz's dot runs as a child process with a deadline.
                "Spawning",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                // `ws serve --tls-cert --tls-key`: HTTPS over swift-nio-ssl (already built for postgres-nio).
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "Logging", package: "swift-log"),
                // `/mcp`'s sessions: an HMAC any server holding the token can check.
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // Release builds link libstdc++, SQLite and libgcc's unwinder into the binary: the linker scripts in
        // static-link/ stand in for their shared libraries, whose loading and symbol binding were most of a
        // start-up (static-link/README.md).
        .executableTarget(
            name: "ws",
            dependencies: ["WorkstreamCLI"],
            linkerSettings: [
                .unsafeFlags(["-L", Context.packageDirectory + "/static-link"],
                             .when(platforms: [.linux], configuration: .release)),
                // libgit2 binds these to ws's own, which load no CA certificate (Sources/CLibLoader/no_ca_certificates.c).
                .unsafeFlags(["-Xlinker", "--export-dynamic-symbol=mbedtls_x509_crt_parse_file",
                              "-Xlinker", "--export-dynamic-symbol=mbedtls_x509_crt_parse_path"],
                             .when(platforms: [.linux])),
            ]
        ),
        // Writes the large generated plan that `make bench` measures.
        .executableTarget(name: "BenchGen", dependencies: ["EventLog", "WorkstreamKit"]),
        // One process of the load test (16 of them at once, against either store).
        .executableTarget(name: "LoadGen", dependencies: ["EventLog", "PostgresStore", "WorkstreamKit"]),
        // One conformance suite for every store, and the reliability suite (bad input, corrupt files, full disk, load).
        .testTarget(
            name: "StoreConformanceTests",
            dependencies: [
                "EventLog", "PostgresStore", "WorkstreamKit", "LoadGen", "TestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        // What several test targets share (a seeded generator, the process runner, git), instead of a copy in each.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "WorkstreamKitTests",
                    dependencies: ["WorkstreamKit", "TestSupport", .product(name: "Crypto", package: "swift-crypto")],
                    exclude: ["Snapshots"]),
        .testTarget(name: "EventLogTests", dependencies: ["EventLog", "WorkstreamKit", "TestSupport", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "GitStoreTests", dependencies: ["GitStore", "TestSupport"]),
        .testTarget(name: "ProvidersTests", dependencies: ["Providers", "WorkstreamKit", .product(name: "PropertyBased", package: "swift-property-based")]),
        .testTarget(name: "WorkstreamCLITests", dependencies: ["WorkstreamCLI", "Operations", "MCPFrontEnd", "EventLog", "ws", "TestSupport"]),
        .testTarget(name: "BoardTests", dependencies: ["Board", "WorkstreamKit", "EventLog", "TestSupport"]),
    ]
)
