import Yams

/// Reads a YAML plan. Two shapes, which may be mixed:
///
/// ```yaml
/// workstreams:
///   - id: A1
///     title: Infrastructure setup
///     phase: Phase 0
///     owner: devops
///     estimate: 8
///     depends_on: []
///     brief_file: briefs/A1.md      # or brief: | …
///     tasks: ["Create the VPC", {id: "1.2", text: "Provision PostgreSQL"}]
///     checks: [{name: "PostgreSQL answers", run: "psql \"$DATABASE_URL\" -c 'select 1'"}]
/// phases:
///   - name: Phase 1
///     workstreams: [ {id: B1, title: Backend, depends_on: [A1]} ]
/// ```
///
/// Every rejection names the line, and a rejected plan changes nothing.
public enum PlanParser {
    public struct Failure: Error, Equatable, CustomStringConvertible {
        public var line: Int?
        public var message: String
        public var description: String { line.map { "plan line \($0): \(message)" } ?? "plan: \(message)" }
    }

    /// `readFile` resolves `brief_file` (relative to the plan), kept outside so parsing stays pure.
    public static func parse(_ yaml: String, readFile: (String) throws -> String) throws(Failure) -> Plan {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: yaml) else { throw Failure(line: nil, message: "the plan is empty.") }
            root = node
        } catch let f as Failure {
            throw f
        } catch let e as YamlError {
            throw Failure(line: yamlLine(e), message: "not valid YAML: \(firstLine(String(describing: e)))")
        } catch {
            throw Failure(line: nil, message: "not valid YAML: \(error)")
        }
        try checkExpandedSize(root)
        guard let top = root.mapping else { throw Failure(line: line(root), message: "a plan is a mapping with 'workstreams' and/or 'phases'.") }
        try allowOnly(["workstreams", "phases", "version", "project"], in: top)
        var declarations: [Declaration] = []
        if let list = top["workstreams"] {
            declarations += try workstreams(list, phase: nil, readFile: readFile)
        }
        if let phases = top["phases"] {
            guard let seq = phases.sequence else { throw Failure(line: line(phases), message: "'phases' must be a list.") }
            for phase in seq {
                guard let m = phase.mapping else { throw Failure(line: line(phase), message: "each phase is a mapping with 'name' and 'workstreams'.") }
                try allowOnly(["name", "workstreams"], in: m)
                let name = try string(m, "name", required: true)
                declarations += try workstreams(m["workstreams"] ?? Node([Node]()), phase: name, readFile: readFile)
            }
        }
        if declarations.isEmpty { throw Failure(line: line(root), message: "the plan declares no workstreams.") }
        return Plan(workstreams: declarations)
    }

    /// A plan's size with every alias expanded, counted in scalar bytes: a 100 KB title reused
    /// 500 times through aliases is a 50 MB plan. The walk stops at the limit, so a plan built
    /// to explode (aliases of aliases) costs no more than the limit to refuse.
    static func checkExpandedSize(_ root: Node) throws(Failure) {
        var total = 0
        var stack = [root]
        while let node = stack.popLast() {
            switch node {
            case .scalar(let s): total += s.string.utf8.count
            case .mapping(let m): for (k, v) in m { stack.append(k); stack.append(v) }
            case .sequence(let s): stack.append(contentsOf: s)
            case .alias: break
            }
            if total > Limits.expandedPlan {
                throw Failure(line: nil, message: "the plan is larger than \(Limits.describe(Limits.expandedPlan)) with its YAML aliases expanded; split it or repeat less.")
            }
        }
    }

    static func workstreams(_ node: Node, phase: String?, readFile: (String) throws -> String) throws(Failure) -> [Declaration] {
        guard let seq = node.sequence else { throw Failure(line: line(node), message: "'workstreams' must be a list.") }
        var result: [Declaration] = []
        for item in seq {
            guard let m = item.mapping else { throw Failure(line: line(item), message: "each workstream is a mapping with at least 'id' and 'title'.") }
            try allowOnly(["id", "title", "phase", "owner", "estimate", "depends_on", "dependsOn", "brief", "brief_file", "tasks", "checks"], in: m)
            guard let id = try string(m, "id", required: true), let title = try string(m, "title", required: true) else { continue }
            do { try Validation.workstreamId(id) } catch { throw Failure(line: line(m["id"] ?? item), message: error.description) }
            var d = Declaration(id: id, title: title)
            d.phase = try string(m, "phase") ?? phase
            d.owner = try string(m, "owner")
            if let e = m["estimate"] {
                guard let v = e.float ?? e.int.map(Double.init), v >= 0, v.isFinite else {
                    throw Failure(line: line(e), message: "'estimate' of \(id) must be a number of hours.")
                }
                d.estimate = v
            }
            if let deps = m["depends_on"] ?? m["dependsOn"] { d.dependsOn = try stringList(deps, what: "depends_on of \(id)") }
            if let brief = try string(m, "brief") { d.brief = brief }
            if let file = try string(m, "brief_file") {
                if d.brief != nil { throw Failure(line: line(m["brief_file"] ?? item), message: "\(id) has both 'brief' and 'brief_file'; keep one.") }
                do { d.brief = try readFile(file) } catch {
                    throw Failure(line: line(m["brief_file"] ?? item), message: "cannot read brief_file '\(file)' of \(id): \(error)")
                }
            }
            if let tasks = m["tasks"] { d.tasks = try taskList(tasks, of: id) }
            if let checks = m["checks"] { d.checks = try checkList(checks, of: id) }
            result.append(d)
        }
        return result
    }

    static func taskList(_ node: Node, of id: String) throws(Failure) -> [TaskItem] {
        guard let seq = node.sequence else { throw Failure(line: line(node), message: "'tasks' of \(id) must be a list.") }
        var tasks: [TaskItem] = []
        for item in seq {
            if let text = item.scalar?.string {
                tasks.append(TaskItem(id: BriefParser.nextTaskId(after: tasks.map(\.id)), text: text))
            } else if let m = item.mapping {
                try allowOnly(["id", "text", "done"], in: m)
                guard let text = try string(m, "text", required: true) else { continue }
                let tid = try string(m, "id") ?? BriefParser.nextTaskId(after: tasks.map(\.id))
                do { try Validation.taskId(tid) } catch { throw Failure(line: line(item), message: error.description) }
                guard !tasks.contains(where: { $0.id == tid }) else { throw Failure(line: line(item), message: "\(id) lists task \(tid) twice.") }
                tasks.append(TaskItem(id: tid, text: text, done: m["done"]?.bool ?? false))
            } else {
                throw Failure(line: line(item), message: "a task of \(id) is text or a mapping with 'id' and 'text'.")
            }
        }
        return tasks
    }

    /// `checks:` of a workstream: a list of mappings with `name` and `run`.
    static func checkList(_ node: Node, of id: String) throws(Failure) -> [WorkstreamEvent.CheckDeclared] {
        guard let seq = node.sequence else { throw Failure(line: line(node), message: "'checks' of \(id) must be a list of {name, run}.") }
        var checks: [WorkstreamEvent.CheckDeclared] = []
        for item in seq {
            guard let m = item.mapping else { throw Failure(line: line(item), message: "a check of \(id) is a mapping with 'name' and 'run'.") }
            try allowOnly(["name", "run"], in: m)
            guard let name = try string(m, "name", required: true), let run = try string(m, "run", required: true) else { continue }
            do { try Validation.checkName(name) } catch { throw Failure(line: line(item), message: error.description) }
            guard !checks.contains(where: { $0.name == name }) else { throw Failure(line: line(item), message: "\(id) lists check '\(name)' twice.") }
            checks.append(.init(name: name, run: run))
        }
        return checks
    }

    static func string(_ m: Node.Mapping, _ key: String, required: Bool = false) throws(Failure) -> String? {
        guard let node = m[key] else {
            if required { throw Failure(line: m.first.flatMap { line($0.key) }, message: "missing '\(key)'.") }
            return nil
        }
        guard let s = node.scalar?.string, !(required && s.trimmingCharacters(in: .whitespaces).isEmpty) else {
            throw Failure(line: line(node), message: "'\(key)' must be text.")
        }
        return s
    }

    static func stringList(_ node: Node, what: String) throws(Failure) -> [String] {
        if let s = node.scalar?.string {
            return s.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        guard let seq = node.sequence else { throw Failure(line: line(node), message: "\(what) must be a list of ids.") }
        return try seq.map { (n: Node) throws(Failure) -> String in
            guard let s = n.scalar?.string else { throw Failure(line: line(n), message: "\(what) must be a list of ids.") }
            return s
        }
    }

    static func allowOnly(_ keys: Set<String>, in m: Node.Mapping) throws(Failure) {
        for (k, _) in m {
            let name = k.scalar?.string ?? "?"
            if !keys.contains(name) {
                throw Failure(line: line(k), message: "unknown key '\(name)' (expected one of \(keys.sorted().joined(separator: ", "))).")
            }
        }
    }

    static func line(_ node: Node) -> Int? { node.mark.map { $0.line } }

    static func yamlLine(_ e: YamlError) -> Int? {
        let text = String(describing: e)
        // Yams reports "<string>:LINE:COLUMN: …"; the line is what a person needs.
        let parts = text.split(separator: ":")
        for (i, p) in parts.enumerated() where i + 1 < parts.count {
            if let n = Int(p), Int(parts[i + 1]) != nil { return n }
        }
        return nil
    }

    static func firstLine(_ s: String) -> String {
        s.split(separator: "\n").first.map(String.init) ?? s
    }
}
