import ArgumentParser
import Foundation
import Providers

struct ProvidersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "providers",
        abstract: "List the providers, their resource types and parameters.",
        discussion: "Built-in: local, aws, exec, digitalocean, gcp, fly, azure. External: executables named ws-provider-<name> in .ws/providers/ or on PATH (protocol: docs/providers.md).")

    @OptionGroup var output: JSONFlag

    struct ParamView: Encodable {
        var name: String, summary: String, required: Bool, secret: Bool, generated: Bool
        var defaultValue: String?
        enum CodingKeys: String, CodingKey { case name, summary, required, secret, generated, defaultValue = "default" }
    }
    struct TypeView: Encodable { var type: String; var summary: String; var params: [ParamView] }
    struct ProviderView: Encodable { var name: String; var origin: String; var resources: [TypeView]; var error: String? }

    func run() throws {
        let location = try RepositoryLocation.find(from: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        let env = ProcessInfo.processInfo.environment
        let context = ProviderContext(stateDirectory: location.wsDirectory, pluginDirectory: location.workTree.appendingPathComponent(".ws/providers"),
                                      environment: env, timeout: env["WS_PROVIDER_TIMEOUT"].flatMap(Double.init) ?? 30)
        let views = ProviderRegistry(context: context).all().map { p -> ProviderView in
            do {
                let types = try p.catalog().map { r in
                    TypeView(type: r.type, summary: r.summary, params: r.params.map {
                        ParamView(name: $0.name, summary: $0.summary, required: $0.required, secret: $0.secret, generated: $0.generated, defaultValue: $0.defaultValue)
                    })
                }
                return ProviderView(name: p.name, origin: p.origin, resources: types, error: nil)
            } catch {
                // A broken external provider is listed with what is wrong, not hidden.
                return ProviderView(name: p.name, origin: p.origin, resources: [], error: error.message)
            }
        }
        if output.json { return try Output.json(views) }
        for v in views {
            Output.line("\(v.name) — \(v.origin)")
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
