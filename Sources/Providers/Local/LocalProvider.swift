import Foundation

/// Resources on this machine, for real: a PostgreSQL cluster (initdb and
/// pg_ctl on a free loopback port), an SQLite file, a directory as a bucket.
/// Everything lives under the clone's ws folder: `local/<workstream>/<type>-<name>/`.
struct LocalProvider: Provider {
    let context: ProviderContext
    let tool: Tool
    var name: String { "local" }
    var origin: String { "built-in" }

    static let resources = [
        ResourceSpec(type: "postgres", summary: "a PostgreSQL cluster on a free loopback port, with a database and a user", params: [
            ParameterSpec("database", "database name (default: the resource name, '-' as '_')"),
            ParameterSpec("user", "the user that owns the database (default: the database name)"),
            ParameterSpec("password", "the user's password", secret: true, generated: true),
        ]),
        ResourceSpec(type: "sqlite", summary: "an SQLite database file", params: []),
        ResourceSpec(type: "bucket", summary: "a directory used as an object bucket", params: []),
    ]

    func handle(_ request: ProviderRequest, progress: @escaping (String) -> Void) throws(ProviderFailure) -> ProviderResult {
        guard request.action != .describe || request.type != nil else { return ProviderResult(resources: Self.resources) }
        guard let type = request.type, let name = request.name, let workstream = request.workstream else {
            throw ProviderFailure("local: a request needs a resource type, a name and a workstream")
        }
        let dir = context.stateDirectory.appendingPathComponent("local/\(workstream)/\(type)-\(name)")
        switch type {
        case "postgres":
            let pg = try LocalPostgres(directory: dir, name: name, params: request.params, tool: tool, progress: progress)
            switch request.action {
            case .describe: return try pg.describe()
            case .plan: return ProviderResult(commands: pg.commands(port: nil))
            case .apply: return try pg.apply()
            case .destroy: return try pg.destroy()
            }
        case "sqlite", "bucket":
            return try file(type: type, name: name, dir: dir, action: request.action, progress: progress)
        default:
            throw ProviderFailure("local has no resource type '\(type)': it has \(Self.resources.map(\.type).joined(separator: ", "))")
        }
    }

    func file(type: String, name: String, dir: URL, action: ProviderAction, progress: (String) -> Void) throws(ProviderFailure) -> ProviderResult {
        let target = type == "sqlite" ? dir.appendingPathComponent("\(name).sqlite") : dir.appendingPathComponent("objects")
        let exists = FileManager.default.fileExists(atPath: target.path)
        let outputs = ["path": target.path, "url": type == "sqlite" ? "sqlite://\(target.path)" : target.absoluteString]
        let create = type == "sqlite" ? ["mkdir -p \(ShellQuote.quote(dir.path))", "touch \(ShellQuote.quote(target.path))"]
                                      : ["mkdir -p \(ShellQuote.quote(target.path))"]
        switch action {
        case .describe: return ProviderResult(outputs: exists ? outputs : [:], exists: exists)
        case .plan: return ProviderResult(commands: create)
        case .apply:
            progress("creating \(target.path)")
            do {
                try FileManager.default.createDirectory(at: type == "sqlite" ? dir : target, withIntermediateDirectories: true)
                // An empty file is a valid, empty SQLite database.
                if type == "sqlite" && !exists { try Data().write(to: target) }
            } catch { throw ProviderFailure("local: cannot create \(target.path): \(error.localizedDescription)") }
            return ProviderResult(outputs: outputs, commands: create)
        case .destroy:
            progress("removing \(dir.path)")
            do { if FileManager.default.fileExists(atPath: dir.path) { try FileManager.default.removeItem(at: dir) } } catch {
                throw ProviderFailure("local: cannot remove \(dir.path): \(error.localizedDescription)")
            }
            return ProviderResult(commands: ["rm -rf \(ShellQuote.quote(dir.path))"])
        }
    }
}
