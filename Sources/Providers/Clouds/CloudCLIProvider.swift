import Foundation
import WorkstreamKit

/// DigitalOcean, Google Cloud, Fly.io and Azure through their own CLIs
/// (doctl, gcloud, flyctl, az). `plan` gives the exact commands, as a script
/// (`CloudScript`); `apply` and `destroy` run the same argument vectors, one
/// after another, when the CLI is installed, and say which CLI is missing
/// when it is not. Outputs are read from the JSON the commands print; later
/// steps may use earlier outputs (`{id}`).
struct CloudCLIProvider: Provider {
    struct Step {
        /// Words with `{param}` placeholders; a value is one argument whatever it holds.
        var argv: [String]
        var outputs: [(String, String)] = []
        var secrets: [(String, String)] = []
        /// An output that later steps use: the printed plan captures it (`ID=$(… | jq -r '.[0].id')`).
        var capture: String? = nil
        /// A destroy step left out while another live resource in the log was given the same value of
        /// this parameter (the storage account two buckets share); the destroy then fails saying why.
        var keptWhileShared: String? = nil
    }

    struct Recipe {
        var type: String
        var summary: String
        var params: [ParameterSpec]
        var apply: [Step]
        var destroy: [Step]
        /// Parameters that take one of a few words (they become part of a flag).
        var choices: [String: [String]] = [:]
        /// For a recipe whose destroy cannot undo its apply (no steps): what is left, and how to undo it by hand.
        var undoByHand: String? = nil
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
        try check(recipe, values)
        let secret = Set(recipe.params.filter(\.secret).map(\.name) + request.secretParams)
        let kept = request.action == .destroy ? recipe.destroy.filter { Self.isShared($0, request) } : []
        let steps = request.action == .destroy ? recipe.destroy.filter { !Self.isShared($0, request) } : recipe.apply
        if request.action == .destroy, steps.isEmpty {
            // Reporting "destroyed" would be a lie: what the apply made is still there.
            let how = (try? CloudTemplate.fill(recipe.undoByHand ?? "", values)) ?? recipe.undoByHand ?? ""
            throw ProviderFailure("\(name) \(type): ws cannot undo this apply, so nothing was done and it is not destroyed"
                                  + (how.isEmpty ? "" : ": \(how)"))
        }
        let script = CloudScript(steps: steps, values: values, secret: secret, params: recipe.params)
        switch request.action {
        case .describe:
            return ProviderResult(exists: nil)
        case .plan:
            return ProviderResult(commands: script.lines)
        case .apply, .destroy:
            // Each step runs its own program (digitalocean's bucket is made with the aws CLI); all are found before any runs.
            var programs: [String: String] = [:]
            for program in Set(steps.compactMap(\.argv.first)).sorted() {
                guard let exe = tool.find(program) else {
                    let how = program == cli ? install : "https://aws.amazon.com/cli/"
                    throw ProviderFailure("\(name): the '\(program)' CLI is not installed, so nothing was done. Install it (\(how)), or run the commands of 'ws provision … --provider \(name) --plan' by hand.")
                }
                programs[program] = exe
            }
            let result = try run(steps, script: script, values: values, programs: programs,
                                 secretValues: secret.compactMap { values[$0] }, progress: progress)
            if let step = kept.first, let key = step.keptWhileShared {
                let users = request.sharedParams[key, default: []].joined(separator: ", ")
                throw ProviderFailure("\(name) \(type) \(request.name ?? ""): the rest is undone, but "
                                      + "'\(values[key] ?? "")' (\(key)) remains: \(users) use it too. "
                                      + "Run this destroy again once they are destroyed, or delete it by hand.")
            }
            return result
        }
    }

    static func isShared(_ step: Step, _ request: ProviderRequest) -> Bool {
        step.keptWhileShared.map { !request.sharedParams[$0, default: []].isEmpty } ?? false
    }

    func check(_ recipe: Recipe, _ values: [String: String]) throws(ProviderFailure) {
        for p in recipe.params where p.required && values[p.name] == nil {
            throw ProviderFailure("\(name) \(recipe.type) needs --param \(p.name)=… (\(p.summary))")
        }
        for (key, allowed) in recipe.choices.sorted(by: { $0.key < $1.key }) {
            guard let v = values[key], allowed.contains(v) else {
                throw ProviderFailure("\(name) \(recipe.type): --param \(key) must be one of \(allowed.joined(separator: ", "))")
            }
        }
        // A value where the CLI expects an operand must not read as an option (`--api-url=…`).
        for step in recipe.apply + recipe.destroy {
            for (i, word) in step.argv.enumerated() where i > 0 && !step.argv[i - 1].hasPrefix("-") {
                guard case .key(let key)? = CloudTemplate.pieces(word).first, CloudTemplate.pieces(word).count == 1,
                      values[key]?.hasPrefix("-") == true else { continue }
                throw ProviderFailure("\(name) \(recipe.type): --param \(key) cannot start with '-': the CLI would read it as an option")
            }
        }
        // An argument vector cannot carry a NUL byte: the value would be cut short without a word.
        if let key = values.keys.sorted().first(where: { values[$0]?.contains("\u{0}") == true }) {
            throw ProviderFailure("\(name) \(recipe.type): --param \(key) holds a NUL byte, which no command argument can carry")
        }
    }

    /// Runs every step's argument vector (the words the plan prints, with the values in place of its variables).
    func run(_ steps: [Step], script: CloudScript, values initial: [String: String], programs: [String: String],
             secretValues: [String], progress: (String) -> Void) throws(ProviderFailure) -> ProviderResult {
        var values = initial
        var masked = secretValues
        var result = ProviderResult(commands: script.lines)
        for (index, step) in steps.enumerated() {
            let line = script.stepLines[index]
            progress("running: \(line)")
            var argv: [String] = []
            for word in step.argv.dropFirst() { argv.append(try CloudTemplate.fill(word, values)) }
            guard let program = step.argv.first, let executable = programs[program] else { continue }
            let r = try tool.masking(masked).run(executable, argv, what: program)
            guard !step.outputs.isEmpty || !step.secrets.isEmpty else { continue }
            let json: JSONValue
            do { json = try JSONParser.parse(r.stdout) } catch { throw ProviderFailure("\(name): '\(line)' did not print JSON (\(error))") }
            for (key, path) in step.outputs {
                let v = try JSONPath.text(at: path, in: json)
                result.outputs[key] = v
                values[key] = v
            }
            for (key, path) in step.secrets {
                let secret = try JSONPath.text(at: path, in: json)
                result.secrets[key] = secret
                // A later step's output or failure may echo what an earlier one returned as a secret.
                masked.append(secret)
            }
        }
        return result
    }
}
