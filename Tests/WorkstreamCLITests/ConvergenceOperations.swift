import Foundation
import TestSupport

/// Random operations over the clones of a CloneNetwork: every ws write command, commits, pulls
/// (merge and rebase), pushes, syncs, read-only commands (HEAD must not move), and pairs of
/// operations on two clones that disagree before they sync, one for every conflict kind.
final class RandomOperations {
    let net: CloneNetwork
    var rng: SeededGenerator
    /// Every workstream id an operation may name (the plan's and those declared since).
    private(set) var ids: [String]
    let agents = ["alice", "bob", "carol"]
    let artifactNames = ["URL", "HOST", "REGION"]
    private(set) var step = 0
    var fresh = 0
    /// How often each operation ran, for the test's output.
    var counts: [String: Int] = [:]
    /// Adds take-overs, releases, checks, hand-edited and forged journal lines and clones where ws never ran.
    var hostile = false

    init(_ net: CloneNetwork, ids: [String]) {
        self.net = net
        self.ids = ids
        rng = SeededGenerator(seed: net.seed)
    }

    func run(_ count: Int) throws {
        for _ in 0..<count { step += 1; try one() }
    }

    func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &rng)] }
    func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &rng) < percent }
    func id() -> String { pick(ids) }
    func agent() -> String { pick(agents) }
    func otherAgent(than a: String) -> String { pick(agents.filter { $0 != a }) }
    func two() -> (URL, URL) {
        let x = pick(net.clones)
        return (x, pick(net.clones.filter { $0 != x }))
    }
    private func newId() -> String { fresh += 1; return "N\(fresh)" }
    /// Who holds `w` as `clone` sees it (nil: nobody, or it cannot tell).
    private func holder(of w: String, on clone: URL) -> String? {
        let shown = try? net.read(clone, "show", w, "--json", allowed: [0, 4])
        return ((try? json(shown?.stdout ?? "")) as? [String: Any])?["agent"] as? String
    }

    /// ws as a random agent (WS_AGENT), unless the arguments name one.
    @discardableResult
    func ws(_ clone: URL, _ args: String..., as who: String? = nil) throws -> Sandbox.Result {
        try net.ws(clone, args, env: ["WS_AGENT": who ?? agent()])
    }

    private func one() throws {
        let c = pick(net.clones)
        let roll = Int.random(in: 0..<(hostile ? 114 : 100), using: &rng)
        func did(_ name: String) { counts[name, default: 0] += 1 }
        switch roll {
        case 0..<8: did("start"); try ws(c, "start", id(), "--agent", agent())
        case 8..<14: did("task done"); try ws(c, "task", "done", id(), pick(["1", "2", "3"]))
        case 14..<19: did("log"); try ws(c, "log", id(), "note \(step) from \(net.name(c))", "--kind", pick(["note", "decision", "issue", "resolution"]))
        case 19..<25:
            did("artifact")
            if chance(15) { try ws(c, "artifact", id(), "TOKEN=secret-\(step)", "--secret") }
            else { try ws(c, "artifact", id(), "\(pick(artifactNames))=v\(step)") }
        case 25..<28: did("block"); try ws(c, "block", id(), "--reason", "waiting \(step)")
        case 28..<31: did("unblock"); try ws(c, "unblock", id())
        case 31..<36:
            did("complete")
            let a = agent()
            if chance(50) { try ws(c, "complete", id(), "--agent", a, "--summary", "done at \(step)", as: a) }
            else { try ws(c, "complete", id(), "--agent", a, "--summary", "forced at \(step)", "--force", "--reason", "soak \(step)", as: a) }
        case 36..<38: did("cancel"); try ws(c, "cancel", id(), "--reason", "dropped at \(step)")
        case 38..<42: did("dep add"); try ws(c, "dep", "add", id(), id())
        case 42..<44: did("dep rm"); try ws(c, "dep", "rm", id(), id())
        case 44..<46:
            did("new")
            let n = newId(), deps = Set((0..<Int.random(in: 0...2, using: &rng)).map { _ in id() })
            ids.append(n)
            if deps.isEmpty { try ws(c, "new", n, "--title", "Work \(n)") }
            else { try ws(c, "new", n, "--title", "Work \(n)", "--depends-on", deps.sorted().joined(separator: ",")) }
        case 46..<51: did("commit"); try ws(c, "commit")
        case 51..<59: did("pull merge"); try net.pull(c)
        case 59..<65: did("pull rebase"); try net.pull(c, rebase: true)
        case 65..<73: did("push"); try net.push(c)
        case 73..<77: did("sync"); try net.ws(c, "sync", allowed: [0])
        case 77..<84: did("read"); try readOnly(c)
        case 84..<86: did("plan apply"); try applyPlan(c)
        case 86..<100: try conflict()
        default: try hostileOperation(c)
        }
    }

    /// One read-only command; `net.read` checks that HEAD stays where it was.
    private func readOnly(_ c: URL) throws {
        let x = id()
        let commands: [[String]] = [
            ["status"], ["status", "--json"], ["ready", "--json"], ["blocked"], ["show", x, "--json"], ["deps", x],
            ["deps", x, "--reverse", "--json"], ["graph", "--format", pick(["mermaid", "dot", "json"])], ["history", x, "--json"],
            ["conflicts", "--json"], ["context", x], ["env", x], ["verify"],
        ]
        try net.read(c, pick(commands), allowed: [0, 3, 4])
    }

    /// A plan that revises one workstream: its title, some of its dependencies, a third task.
    /// The file lies outside the clone, so its work tree stays clean for `git pull --rebase`.
    private func applyPlan(_ c: URL) throws {
        let w = id(), deps = ids.filter { $0 != w && chance(15) }
        let file = net.root.appendingPathComponent("plan-\(step).yaml")
        let plan = """
            workstreams:
              - id: \(w)
                title: Revised \(w) at \(step)
                depends_on: [\(deps.joined(separator: ", "))]
                tasks:
                  - {id: "3", text: "Added by the plan of step \(step)"}

            """
        try Data(plan.utf8).write(to: file)
        try ws(c, "plan", "apply", file.path)
    }

    /// Two clones do what they cannot both do, before either has seen the other's event.
    private func conflict() throws {
        let (x, y) = two()
        let w = id(), a = agent(), b = otherAgent(than: a)
        let kind = pick(["holder", "closed", "completion", "artifact", "block", "declared", "cycle", "fenced"])
        // Fencing refuses the work of a held workstream to anyone but its holder: the work is done as the holder.
        let heldBy = holder(of: w, on: x), worker = heldBy ?? a
        counts["conflict " + kind, default: 0] += 1
        switch kind {
        case "holder":
            let ready = (try? json(try net.read(x, "ready", "--json", allowed: [0]).stdout) as? [[String: Any]]) ?? []
            let target = ready.compactMap { $0["id"] as? String }.first ?? w
            try ws(x, "start", target, "--agent", a, as: a)
            try ws(y, "start", target, "--agent", b, as: b)
        case "closed":
            try ws(x, "complete", w, "--agent", a, "--summary", "finished on \(net.name(x))", "--force", "--reason", "race \(step)", as: a)
            try ws(y, "cancel", w, "--reason", "not needed on \(net.name(y))", as: b)
        case "completion":
            try ws(x, "complete", w, "--agent", a, "--summary", "summary of \(a) at \(step)", "--force", "--reason", "race", as: a)
            try ws(y, "complete", w, "--agent", b, "--summary", "summary of \(b) at \(step)", "--force", "--reason", "race", as: b)
        case "artifact":
            let name = pick(artifactNames)
            try ws(x, "artifact", w, "\(name)=\(net.name(x))-\(step)", as: worker)
            try ws(y, "artifact", w, "\(name)=\(net.name(y))-\(step)", as: heldBy ?? b)
        case "block":
            try ws(x, "block", w, "--reason", "blocked on \(net.name(x)) at \(step)", as: worker)
            let shown = (try? json(try net.read(y, "show", w, "--json", allowed: [0, 4]).stdout) as? [String: Any]) ?? [:]
            let other = heldBy ?? b
            if shown["status"] as? String == "blocked" && chance(70) { try ws(y, "unblock", w, as: other) }
            else { try ws(y, "block", w, "--reason", "blocked on \(net.name(y)) at \(step)", as: other) }
        case "declared":
            let n = newId()
            ids.append(n)
            try ws(x, "new", n, "--title", "Declared on \(net.name(x))", as: a)
            try ws(y, "new", n, "--title", "Declared on \(net.name(y))", "--depends-on", w, as: b)
        case "fenced":
            // The holder completes on one clone while another agent takes it over on the other.
            let taker = otherAgent(than: worker)
            try ws(x, "complete", w, "--agent", worker, "--summary", "done by \(worker) at \(step)",
                   "--force", "--reason", "race", as: worker)
            try ws(y, "start", w, "--take-over", "--force", "--reason", "race \(step)", "--agent", taker, as: taker)
        default:
            let v = pick(ids.filter { $0 != w })
            try ws(x, "dep", "add", w, v, as: a)
            try ws(y, "dep", "add", v, w, as: b)
        }
    }
}
