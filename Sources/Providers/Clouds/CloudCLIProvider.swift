import Foundation
import WorkstreamKit

/// DigitalOcean, Google Cloud, Fly.io and Azure through their own CLIs
/// (doctl, gcloud, flyctl, az). `plan` gives the exact commands; `apply` and
/// `destroy` run them, one after another, when the CLI is installed, and say
/// which CLI is missing when it is not. Outputs are read from the JSON the
/// commands print; later steps may use earlier outputs (`{id}`).
struct CloudCLIProvider: Provider {
    struct Step {
        var argv: [String]
        var outputs: [(String, String)] = []
        var secrets: [(String, String)] = []
    }

    struct Recipe {
        var type: String
        var summary: String
        var params: [ParameterSpec]
        var apply: [Step]
        var destroy: [Step]
    }

    let name: String
    let cli: String
    let install: String
    let recipes: [Recipe]
    let tool: Tool
    var origin: String { "built-in (\(cli))" }

    static func all(tool: Tool) -> [Provider] {
        [CloudRecipes.digitalocean(tool), CloudRecipes.gcp(tool), CloudRecipes.fly(tool), CloudRecipes.azure(tool)]
    }

    func handle(_ request: ProviderRequest, progress: @escaping (String) -> Void) throws(ProviderFailure) -> ProviderResult {
        guard let type = request.type else {
            return ProviderResult(resources: recipes.map { ResourceSpec(type: $0.type, summary: $0.summary, params: $0.params) })
        }
        guard let recipe = recipes.first(where: { $0.type == type }) else {
            throw ProviderFailure("\(name) has no resource type '\(type)': it has \(recipes.map(\.type).joined(separator: ", "))")
        }
        var values: [String: String] = [:]
        for p in recipe.params { if let d = p.defaultValue { values[p.name] = d } }
        values.merge(request.params) { $1 }
        values["name"] = request.name ?? ""
        for p in recipe.params where p.required && values[p.name] == nil {
            throw ProviderFailure("\(name) \(type) needs --param \(p.name)=… (\(p.summary))")
        }
        let secret = Set(recipe.params.filter(\.secret).map(\.name) + request.secretParams)
        let steps = request.action == .destroy ? recipe.destroy : recipe.apply
        switch request.action {
        case .describe:
            return ProviderResult(exists: nil)
        case .plan:
            var lines: [String] = []
            for step in steps { lines.append(try shown(step, values, secret: secret)) }
            return ProviderResult(commands: lines)
        case .apply, .destroy:
            guard let exe = tool.find(cli) else {
                throw ProviderFailure("\(name): the '\(cli)' CLI is not installed, so nothing was done. Install it (\(install)), or run the commands of 'ws provision … --provider \(name) --plan' by hand.")
            }
            var result = ProviderResult()
            for step in steps {
                let line = try shown(step, values, secret: secret)
                result.commands.append(line)
                progress("running: \(line)")
                var argv: [String] = []
                for word in step.argv { argv.append(try fill(word, values)) }
                let r = try tool.masking(secret.compactMap { values[$0] }).run(exe, Array(argv.dropFirst()), what: cli)
                guard !step.outputs.isEmpty || !step.secrets.isEmpty else { continue }
                let json: JSONValue
                do { json = try JSONParser.parse(r.stdout) } catch { throw ProviderFailure("\(name): '\(line)' did not print JSON (\(error))") }
                for (key, path) in step.outputs {
                    let v = try JSONPath.text(at: path, in: json)
                    result.outputs[key] = v; values[key] = v
                }
                for (key, path) in step.secrets { result.secrets[key] = try JSONPath.text(at: path, in: json) }
            }
            return result
        }
    }

    func fill(_ word: String, _ values: [String: String]) throws(ProviderFailure) -> String {
        try ExecProvider.substituteRaw(word, values)
    }

    /// The command as people read it: quoted, with secrets as shell variables, later outputs as <placeholders>.
    func shown(_ step: Step, _ values: [String: String], secret: Set<String>) throws(ProviderFailure) -> String {
        let words = step.argv.map { word -> String in
            var w = word
            for (k, v) in values where w.contains("{\(k)}") { w = w.replacingOccurrences(of: "{\(k)}", with: secret.contains(k) ? "${\(k.uppercased())}" : v) }
            return w
        }
        return words.map { $0.contains("${") ? "\"\($0)\"" : ShellQuote.quote($0).replacingOccurrences(of: "'{", with: "'<").replacingOccurrences(of: "}'", with: ">'") }
            .joined(separator: " ")
    }
}
