import WorkstreamKit

/// The variables of a workstream and what it depends on: `ws env` prints them, checks run with them.
public enum WorkstreamEnvironment {
    /// One variable `ws env` prints, for checks to run with.
    public struct Variable {
        public var name: String
        public var value: String
        public var secret: Bool
    }

    /// A workstream `ws env` reads, with each artifact's value (nil: a secret this clone's store lacks).
    public struct Source {
        public var workstream: Workstream
        public var values: [(artifact: Artifact, value: String?)]
        /// Artifacts an older log (or a record made before the rule) holds under a name no artifact may have now:
        /// never in the environment, whichever clone recorded them.
        public var refused: [Artifact]
    }

    /// The one walk behind `ws env` and the checks' environment: dependencies first,
    /// so the workstream's own values win when a shell sources the lines.
    public static func sources(for id: String, in ws: Workspace) throws -> [Source] {
        let detail = try ws.ledger.detail(id)
        var workstreams: [Workstream] = []
        for dep in detail.dependencies { workstreams.append(try ws.ledger.detail(dep.id).workstream) }
        workstreams.append(detail.workstream)
        return try workstreams.map { w in
            let allowed = w.artifacts.filter(isAllowed)
            return Source(workstream: w, values: try allowed.map { a in
                (a, a.secret ? try ws.secrets.value(workstream: w.id, name: a.name) : a.value)
            }, refused: w.artifacts.filter { !isAllowed($0) })
        }
    }

    /// The name rule of `ws artifact` (shape and `ReservedVariables`), asked again of what is in the log.
    static func isAllowed(_ a: Artifact) -> Bool { (try? Validation.artifactName(a.name)) != nil }

    /// The variables `ws env <id>` prints, in the same order; secrets this clone's store lacks are left out.
    static func variables(for id: String, in ws: Workspace) throws -> [Variable] {
        try sources(for: id, in: ws).flatMap { source in
            source.values.compactMap { a, value in value.map { Variable(name: a.name, value: $0, secret: a.secret) } }
        }
    }
}
