import Foundation
import WorkstreamKit

/// Any command as a provider: `--param apply='doctl … --output json'` with
/// `{param}` placeholders, the JSON it prints mapped to outputs and secrets by
/// simple paths (`--param outputs=ID=.id,HOST=.connection.host --param secrets=PASSWORD=.connection.password`).
///
/// No value is ever put into the command text: every parameter reaches the
/// command as an environment variable `WS_PARAM_<NAME>`, and each placeholder
/// becomes a reference to it (`ExecTemplate`). The commands shown (`--plan`,
/// the record) declare those variables first, so they run as printed.
struct ExecProvider: Provider {
    let tool: Tool
    var name: String { "exec" }
    var origin: String { "built-in" }

    /// The parameters that are the templates themselves, not values for them.
    static let controlParams: Set<String> = ["apply", "destroy", "describe", "outputs", "secrets"]

    static let resources = [
        ResourceSpec(type: "<any>", summary: "whatever the command makes; the type is only a label", params: [
            ParameterSpec("apply", "command template run by apply; {param} placeholders, every param also in $WS_PARAM_<NAME>", required: true),
            ParameterSpec("destroy", "command template run by destroy"),
            ParameterSpec("describe", "command template that prints the resource as JSON, or fails when it does not exist"),
            ParameterSpec("outputs", "NAME=.json.path pairs, comma-separated, read from the command's JSON output"),
            ParameterSpec("secrets", "NAME=.json.path pairs for values that go to the secret store only"),
        ]),
    ]

    func handle(_ request: ProviderRequest, progress: @escaping (String) -> Void) throws(ProviderFailure) -> ProviderResult {
        if request.action == .describe && request.type == nil { return ProviderResult(resources: Self.resources) }
        let key = request.action == .plan ? "apply" : request.action.rawValue
        guard let template = request.params[key] else {
            if request.action == .describe { return ProviderResult(exists: nil) }
            throw ProviderFailure("exec: no --param \(key)='<command>' was given for \(request.action.rawValue)")
        }
        let variables = try Self.variables(request)
        let secret = Set(request.secretParams.compactMap(ExecTemplate.variable(for:)))
        let command = try ExecTemplate.rewrite(template) { name in
            ExecTemplate.variable(for: name).flatMap { variables[$0] == nil ? nil : $0 }
        }
        let shown = Self.declarations(variables, secret: secret) + [command]
        if request.action == .plan { return ProviderResult(commands: shown) }
        progress("running: \(command)")
        let run = tool.masking(request.secretParams.compactMap { request.params[$0] })
        let outputs = try Self.mapping(request.params["outputs"]), secrets = try Self.mapping(request.params["secrets"])
        // A failing command may have printed the JSON whose secrets it was to hand over: they are masked in its message too.
        let stdoutSecrets: ((String) -> [String]?)? = secrets.isEmpty ? nil : { stdout in
            guard let json = try? JSONParser.parse(stdout) else { return nil }
            return secrets.compactMap { try? JSONPath.text(at: $0.1, in: json) }
        }
        let r = try run.run("/bin/sh", ["-c", command], environment: variables, check: request.action != .describe, what: "the \(key) command",
                            stdoutSecrets: stdoutSecrets)
        if request.action == .describe { guard r.status == 0 else { return ProviderResult(exists: false) } }
        var result = ProviderResult(commands: shown)
        if request.action == .describe { result.exists = true }
        if request.action != .destroy && !(outputs.isEmpty && secrets.isEmpty) {
            let json: JSONValue
            do { json = try JSONParser.parse(r.stdout) } catch {
                throw ProviderFailure("exec: the \(key) command did not print JSON, so outputs cannot be read (\(error))")
            }
            for (name, path) in outputs { result.outputs[name] = try JSONPath.text(at: path, in: json) }
            for (name, path) in secrets { result.secrets[name] = try JSONPath.text(at: path, in: json) }
        }
        return result
    }

    /// `WS_PARAM_<NAME>` → value for every parameter (not the templates), and the resource's name, type and workstream.
    /// A name that cannot make a variable (an output named `db.host`, recorded and passed back at destroy) is left out:
    /// no placeholder can name it either.
    static func variables(_ request: ProviderRequest) throws(ProviderFailure) -> [String: String] {
        var values = request.params.filter { !controlParams.contains(ParameterSpec.canonical($0.key)) }
        values["name"] = values["name"] ?? request.name
        values["type"] = values["type"] ?? request.type
        values["workstream"] = values["workstream"] ?? request.workstream
        var variables: [String: String] = [:]
        var from: [String: String] = [:]
        for (name, value) in values.sorted(by: { $0.key < $1.key }) {
            guard let variable = ExecTemplate.variable(for: name) else { continue }
            if let other = from[variable] {
                throw ProviderFailure("exec: --param \(other) and --param \(name) are the same parameter (\(variable)); give it once")
            }
            from[variable] = name
            variables[variable] = value
        }
        return variables
    }

    /// The lines a printed plan starts with: each variable exported with its value quoted, a secret one required from the user.
    static func declarations(_ variables: [String: String], secret: Set<String>) -> [String] {
        variables.keys.sorted().map { variable in
            guard secret.contains(variable) else { return "export \(variable)=\(ShellQuote.quote(variables[variable] ?? ""))" }
            return "export \(variable)=\"${\(variable):?set \(variable) to the secret value first}\""
        }
    }

    static func mapping(_ text: String?) throws(ProviderFailure) -> [(String, String)] {
        guard let text, !text.isEmpty else { return [] }
        return try text.split(separator: ",").map { (pair: Substring) throws(ProviderFailure) -> (String, String) in
            let parts = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty, parts[1].hasPrefix(".") || parts[1].hasPrefix("[") else {
                throw ProviderFailure("exec: '\(pair)' is not NAME=.json.path")
            }
            return (parts[0], parts[1])
        }
    }
}

/// `.a.b[0].c` over a JSON value.
enum JSONPath {
    static func text(at path: String, in json: JSONValue) throws(ProviderFailure) -> String {
        var current = json
        var i = Substring(path)
        while !i.isEmpty {
            if i.first == "." { i = i.dropFirst() }
            if i.first == "[" {
                guard let close = i.firstIndex(of: "]"), let n = Int(i[i.index(after: i.startIndex)..<close]),
                      let a = current.array, n >= 0, n < a.count else { throw ProviderFailure("exec: \(path) is not in the command's output") }
                current = a[n]; i = i[i.index(after: close)...]
                continue
            }
            let end = i.firstIndex { $0 == "." || $0 == "[" } ?? i.endIndex
            guard case .object(let o) = current, let next = o[String(i[..<end])] else {
                throw ProviderFailure("exec: \(path) is not in the command's output")
            }
            current = next; i = i[end...]
        }
        switch current {
        case .string(let s): return s
        case .int(let n): return String(n)
        case .double(let d): return String(d)
        case .bool(let b): return String(b)
        default: throw ProviderFailure("exec: \(path) is not a single value")
        }
    }
}
