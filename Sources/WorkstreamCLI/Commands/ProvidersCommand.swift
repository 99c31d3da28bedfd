import ArgumentParser
import Foundation
import GitStore
import Operations
import Providers

struct ProvidersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "providers",
        abstract: "List the providers, their resource types and parameters; trust the repository's own.",
        discussion: """
            Built-in: local, aws, exec, digitalocean, gcp, fly, azure. External: executables named ws-provider-<name> in \
            .ws/providers/ or on PATH (protocol: docs/providers.md). One in .ws/providers/ came with the repository: it runs \
            only after 'ws providers trust <name>' on this machine, and again after each change to it.
            """,
        subcommands: [List.self, Trust.self, Untrust.self], defaultSubcommand: List.self)

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List every provider (the default). An untrusted one from the repository is listed, not run.")

        @OptionGroup var output: JSONFlag

        struct ParamView: Encodable {
            var name: String, summary: String, required: Bool, secret: Bool, generated: Bool
            var defaultValue: String?
            enum CodingKeys: String, CodingKey { case name, summary, required, secret, generated, defaultValue = "default" }
        }
        struct TypeView: Encodable { var type: String; var summary: String; var params: [ParamView] }
        struct ProviderView: Encodable {
            var name: String, origin: String
            /// "built-in", "repository" (.ws/providers/, needs trust) or "path".
            var source: String
            var resources: [TypeView] = []
            var error: String?
            /// For the repository's plugins: whether these contents are trusted here, their SHA-256, and what to run when not.
            var trusted: Bool?, sha256: String?, changed: Bool?, trustCommand: String?
        }

        func run() throws {
            let location = try RepositoryLocation.find(from: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
            let env = ProcessInfo.processInfo.environment
            let context = location.providerContext(environment: env, timeout: env["WS_PROVIDER_TIMEOUT"].flatMap(Double.init) ?? 30)
            let views = try ProviderRegistry(context: context).all().map(Self.view)
            if output.json { return try Output.json(views) }
            for v in views { show(v) }
        }

        /// What is known of a provider; only a built-in or a trusted (or PATH) plugin is asked (`describe`).
        static func view(_ p: Provider) -> ProviderView {
            if let u = p as? UntrustedProvider {
                return ProviderView(name: u.name, origin: u.origin, source: "repository", error: u.plugin.description,
                                    trusted: false, sha256: u.plugin.sha256, changed: u.plugin.changed, trustCommand: u.plugin.trustCommand)
            }
            if let b = p as? UnreadablePlugin {
                return ProviderView(name: b.name, origin: b.origin, source: "repository", error: b.failure.message, trusted: false)
            }
            let approved = (p as? ExternalProvider)?.approvedSHA256
            let source = p is ExternalProvider ? (approved == nil ? "path" : "repository") : "built-in"
            var v = ProviderView(name: p.name, origin: p.origin, source: source, trusted: approved.map { _ in true }, sha256: approved)
            do {
                v.resources = try p.catalog().map { r in
                    TypeView(type: r.type, summary: r.summary, params: r.params.map {
                        // One spelling for every provider ('-' and '_' are one when a parameter is given).
                        ParamView(name: ParameterSpec.canonical($0.name), summary: $0.summary, required: $0.required, secret: $0.secret, generated: $0.generated, defaultValue: $0.defaultValue)
                    })
                }
            } catch {
                // A broken external provider is listed with what is wrong, not hidden.
                v.error = error.message
            }
            return v
        }

        func show(_ v: ProviderView) {
            Output.line("\(v.name) — \(v.origin)")
            if v.trusted == false, let sha = v.sha256, let command = v.trustCommand {
                Output.line(v.changed == true ? "  changed since it was trusted on this machine, so not run (sha256 now \(sha))"
                                              : "  from the repository and not trusted on this machine, so not run (sha256 \(sha))")
                Output.line("  to let it run, read it, then: \(command)")
                return
            }
            if let e = v.error { Output.line("  unavailable: \(e)") }
            for t in v.resources {
                Output.line("  \(t.type): \(t.summary)")
                for p in t.params {
                    var notes: [String] = []
                    if p.required { notes.append("required") }
                    if let d = p.defaultValue { notes.append("default \(d)") }
                    if p.secret { notes.append(p.generated ? "secret, generated when not given" : "secret") }
                    Output.line("    --param \(p.name)=…  \(p.summary)" + (notes.isEmpty ? "" : " (\(notes.joined(separator: "; ")))"))
                }
            }
        }
    }
}
