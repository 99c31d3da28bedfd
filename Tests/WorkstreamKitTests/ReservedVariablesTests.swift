import Testing
@testable import WorkstreamKit

/// One rule for artifact names, wherever a name comes in: a command, an event from another clone's
/// journal (an artifact, or the outputs of a provisioned resource), a provisioning request.
@Suite struct ReservedVariablesTests {
    static let now = "2026-11-21T10:00:00.000Z"

    @Test func namesThatChangeHowProgramsRunAreReservedWhateverTheirCase() {
        let reserved = ["PATH", "path", "LD_PRELOAD", "DYLD_INSERT_LIBRARIES", "BASH_ENV", "BASHOPTS", "PS4",
                        "PYTHONSTARTUP", "PERL5OPT", "RUBYOPT", "NODE_OPTIONS", "GIT_EXEC_PATH", "Git_Dir", "LC_ALL",
                        "http_proxy", "WS_STORE", "MAKEFLAGS", "GNUMAKEFLAGS", "MAKEFILES", "LESSKEYIN", "GOTOOLCHAIN",
                        "RUSTUP_HOME", "OPENSSL_CONF", "RUSTC_WRAPPER", "CARGO_HOME",
                        "LUA_INIT_5_4", "R_PROFILE_USER", "DOTNET_STARTUP_HOOKS", "COMPlus_EnableDiagnostics",
                        "CORECLR_PROFILER_PATH", "JAVA_OPTIONS", "CLASSPATH", "GNUPGHOME", "SSLKEYLOGFILE", "ZSH_ENV",
                        "npm_config_script_shell", "YARN_RC_FILENAME", "BUNDLE_GEMFILE", "CC", "LDFLAGS",
                        "PKG_CONFIG_PATH", "CMAKE_C_COMPILER", "SUDO_ASKPASS", "TERMINFO_DIRS", "MALLOC_CONF",
                        "GCONV_PATH", "RESOLV_CONF", "TZDIR", "PGSERVICEFILE", "PHP_INI_SCAN_DIR", "GOFLAGS"]
        for name in reserved { #expect(ReservedVariables.isReserved(name), "\(name)") }
        let ordinary = ["DATABASE_URL", "APP_PATH", "MY_HOME", "NODE_ENV", "GITHUB_REPO", "PATHS_FILE", "LANG_CODE",
                        "AWS_REGION", "CCACHE_LABEL", "ARCHIVE_URL", "LDAP_URL", "EDITORIAL_URL", "CARGO"]
        for name in ordinary { #expect(!ReservedVariables.isReserved(name), "\(name)") }
    }

    @Test func importedEventsWithAReservedNameAreInvalid() {
        let artifact = WorkstreamEvent.artifactRecorded(.init(name: "LD_PRELOAD", value: "/tmp/x.so", secret: false,
                                                              fingerprint: nil))
        #expect(throws: Refusal.reservedVariable("LD_PRELOAD")) { try EventValidation.content(artifact) }
        let node = ResourceRef(provider: "exec", type: "thing", name: "node")
        func succeeded(_ outputs: [String: String]) -> WorkstreamEvent {
            .provisionSucceeded(.init(key: "k1", resource: node, action: .apply, outputs: outputs, secrets: [:],
                                      commands: []))
        }
        #expect(throws: Refusal.reservedVariable("NODE_OPTIONS")) {
            try EventValidation.content(succeeded(["options": "--require /tmp/x.js"]))
        }
        #expect(throws: Never.self) { try EventValidation.content(succeeded(["url": "http://node"])) }
    }

    @Test func theDeciderRefusesAReservedArtifactAndAResourceWhoseOutputsWouldAllBeReserved() throws {
        var state = WorkspaceState()
        let declared = try Decider.decide(.declare(Declaration(id: "A1", title: "Work")), state: state, now: Self.now)
        for (i, p) in declared.enumerated() {
            state.evolve(EventEnvelope(seq: Int64(i + 1), stream: p.stream, version: Int64(i + 1), actor: "t",
                                       time: Self.now, event: p.event))
        }
        #expect(throws: Refusal.reservedVariable("PATH")) {
            let path = Command.recordArtifact(id: "A1", name: "PATH", value: "./tools", secret: false, fingerprint: nil)
            return try Decider.decide(path, state: state, now: Self.now)
        }
        let repo = ResourceRef(provider: "exec", type: "thing", name: "git")
        let git = WorkstreamEvent.ProvisionRequested(key: "k1", resource: repo, action: .apply, params: [:],
                                                     secretParams: [:])
        #expect(throws: Refusal.reservedVariable("GIT_…")) {
            try Decider.decide(.requestProvision(id: "A1", git, replace: false), state: state, now: Self.now)
        }
    }
}
