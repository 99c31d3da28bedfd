import Foundation
import WorkstreamKit

/// Writes a large plan for `make bench`: a ws export (valid hash chain, loads
/// with `ws import`) and the same plan as Taskwarrior JSON (`task import`).
///
///     ws-benchgen <out-dir> [workstreams] [events]
@main
struct Entrypoint {
    static func main() throws {
        let args = CommandLine.arguments
        guard args.count >= 2 else {
            FileHandle.standardError.write(Data("usage: ws-benchgen <out-dir> [workstreams=10000] [events=1000000]\n".utf8))
            exit(64)
        }
        let out = URL(fileURLWithPath: args[1])
        let count = args.count > 2 ? Int(args[2]) ?? 10_000 : 10_000
        let total = args.count > 3 ? Int(args[3]) ?? 1_000_000 : 1_000_000
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        var plan = PlanShape(count: count, seed: 42)
        let stats = try ExportWriter.write(plan: &plan, totalEvents: total, to: out.appendingPathComponent("ws-export.jsonl"))
        try TaskwarriorWriter.write(plan: plan, to: out.appendingPathComponent("taskwarrior.json"))
        print("workstreams \(count), dependencies \(plan.edgeCount), completed \(plan.completed.count), in progress \(plan.started.count - plan.completed.count), events \(stats)")
    }
}

/// A deterministic pseudo-random generator (SplitMix64), so every run writes the same plan.
struct SplitMix {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(n, 1))) }
}

/// Workstreams in phases, each depending on about three earlier ones (mostly
/// nearby), the first 30% completed and some of the rest in progress.
struct PlanShape {
    let count: Int
    var ids: [String] = []
    var titles: [String] = []
    var phases: [String] = []
    var deps: [[Int]] = []
    var completed: Set<Int> = []
    var started: Set<Int> = []
    var edgeCount: Int { deps.reduce(0) { $0 + $1.count } }

    init(count: Int, seed: UInt64) {
        self.count = count
        var rng = SplitMix(state: seed)
        let words = ["Provision", "Migrate", "Harden", "Deploy", "Document", "Monitor", "Refactor", "Index", "Cache", "Audit"]
        let things = ["database", "API", "frontend", "queue", "bucket", "auth service", "search", "billing", "pipeline", "dashboard"]
        for i in 0..<count {
            ids.append(String(format: "W%05d", i + 1))
            titles.append("\(words[rng.below(words.count)]) \(things[rng.below(things.count)]) \(i + 1)")
            phases.append("Phase \(i / 500 + 1)")
            var mine: Set<Int> = []
            let wanted = i == 0 ? 0 : min(i, 2 + rng.below(3))
            while mine.count < wanted {
                let near = rng.below(10) < 9
                let j = near ? max(0, i - 1 - rng.below(min(50, i))) : rng.below(i)
                mine.insert(j)
            }
            deps.append(mine.sorted())
        }
        let done = count * 3 / 10
        completed = Set(0..<done)
        started = completed
        // Start every other workstream whose dependencies are all completed.
        var ready = 0
        for i in done..<count where deps[i].allSatisfy({ completed.contains($0) }) {
            if ready % 2 == 0 { started.insert(i) }
            ready += 1
        }
    }
}
