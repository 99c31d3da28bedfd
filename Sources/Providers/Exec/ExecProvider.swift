import Foundation
import WorkstreamKit

/// Any command as a provider: `--param apply='doctl … --output json'` with
/// `{param}` placeholders (substituted shell-quoted), the JSON it prints
/// mapped to outputs and secrets by simple paths
/// (`--param outputs=ID=.id,HOST=.connection.host --param secrets=PASSWORD=.connection.password`).
struct ExecProvider: Provider {
    let tool: Tool
    var name: String { "exec" }
    var origin: String { "built-in" }

    static let resources = [
        ResourceSpec(type: "<any>", summary: "whatever the command makes; the type is only a label", params: [
            ParameterSpec("apply", "command template run by apply, {param} placeholders", required: true),
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
        var values = request.params
        values["name"] = values["name"] ?? request.name
        values["type"] = values["type"] ?? request.type
        values["workstream"] = values["workstream"] ?? request.workstream
        let command = try Self.substitute(template, values)
        // What people see names secret parameters as shell variables, never by value.
        let shown = try Self.substitute(template, values, placeholderForSecrets: Set(request.secretParams))
        if request.action == .plan { return ProviderResult(commands: [shown]) }
        progress("running: \(shown)")
        let r = try tool.run("/bin/sh", ["-c", command], check: request.action != .describe, what: "the \(key) command")
        if request.action == .describe { guard r.status == 0 else { return ProviderResult(exists: false) } }
        var result = ProviderResult(commands: [shown])
        if request.action == .describe { result.exists = true }
        let outputs = try Self.mapping(request.params["outputs"]), secrets = try Self.mapping(request.params["secrets"])
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

    /// `{param}` → the value, shell-quoted; an unknown placeholder is an error, not an empty string.
    static func substitute(_ template: String, _ values: [String: String], placeholderForSecrets: Set<String> = []) throws(ProviderFailure) -> String {
        var out = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else { out += rest[open...]; rest = ""; break }
            let key = String(rest[rest.index(after: open)..<close])
            if placeholderForSecrets.contains(key) { out += "\"$\(key.uppercased())\"" }
            else if let v = values[key] { out += ShellQuote.quote(v) }
            else if key.isEmpty || key.contains(where: { $0 == " " || $0 == "\"" }) { out += rest[open...close] }
            else { throw ProviderFailure("exec: the template uses {\(key)}, but no --param \(key)=… was given") }
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }

    /// `{param}` → the value as it is (for argument vectors, which need no quoting).
    static func substituteRaw(_ word: String, _ values: [String: String]) throws(ProviderFailure) -> String {
        var out = ""
        var rest = Substring(word)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            let key = String(rest[rest.index(after: open)..<close])
            guard let v = values[key] else { throw ProviderFailure("no value for {\(key)}: pass --param \(key)=…") }
            out += rest[..<open] + v
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
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
