import Testing
@testable import WorkstreamKit

@Suite struct PlanAndBriefTests {
    func parse(_ yaml: String) throws(PlanParser.Failure) -> Plan { try PlanParser.parse(yaml) { _ in "" } }

    @Test func briefTaskIds() {
        let brief = """
            # Brief
            - [ ] Loose task
            ### 4. Auth service
            - [ ] JWT implementation
            - [x] Basic endpoints
            - [ ] 4.7 Deployed to Fly.io
            - [ ] **5.1** Bold numbered
            - [ ] 3 replicas configured
            ```
            - [ ] inside a code block
            ```
            """
        let tasks = BriefParser.tasks(in: brief)
        #expect(tasks.map(\.id) == ["1", "4.1", "4.2", "4.7", "5.1", "4.5"])
        #expect(tasks.map(\.text) == ["Loose task", "JWT implementation", "Basic endpoints", "Deployed to Fly.io", "Bold numbered", "3 replicas configured"])
        #expect(tasks.map(\.done) == [false, false, true, false, false, false])
    }

    @Test func plansParseBothShapes() throws {
        let plan = try parse("""
            workstreams:
              - {id: A1, title: Infra, estimate: 8, tasks: ["one", {id: "2.1", text: two, done: true}]}
            phases:
              - name: Phase 1
                workstreams:
                  - id: B1
                    title: Backend
                    depends_on: A1
            """)
        #expect(plan.workstreams.map(\.id) == ["A1", "B1"])
        #expect(plan.workstreams[1].phase == "Phase 1")
        #expect(plan.workstreams[1].dependsOn == ["A1"])
        #expect(plan.workstreams[0].tasks == [TaskItem(id: "1", text: "one"), TaskItem(id: "2.1", text: "two", done: true)])
    }

    @Test(arguments: [
        ("workstreams:\n  - id: A1\n    title: x\n    estimate: lots\n", 4, "estimate"),
        ("workstreams:\n  - id: A1\n", 2, "missing 'title'"),
        ("workstreams:\n  - id: A1\n    title: x\n    colour: red\n", 4, "unknown key 'colour'"),
        ("workstreams: {a: 1}\n", 1, "must be a list"),
        ("workstreams:\n  - id: \"bad id\"\n    title: x\n", 2, "not a valid workstream id"),
        ("workstreams:\n  - id: A1\n    title: x\n  - id: A2\n   title: y\n", 5, "not valid YAML"),
    ])
    func malformedPlansNameTheLine(yaml: String, line: Int, message: String) {
        #expect { try parse(yaml) } throws: { error in
            guard let f = error as? PlanParser.Failure else { return false }
            return f.line == line && f.message.contains(message)
        }
    }

    @Test func duplicateIdsAndCyclesInAPlanAreRefused() throws {
        let dup = try parse("workstreams:\n  - {id: A1, title: x}\n  - {id: A1, title: y}\n")
        #expect(throws: Refusal.invalid("the plan declares A1 twice.")) { try Decider.decide(.applyPlan(dup), state: WorkspaceState()) }
        let cyc = try parse("workstreams:\n  - {id: A1, title: x, depends_on: [A3]}\n  - {id: A2, title: y, depends_on: [A1]}\n  - {id: A3, title: z, depends_on: [A2]}\n")
        #expect(throws: Refusal.cycle(["A1", "A3", "A2", "A1"])) { try Decider.decide(.applyPlan(cyc), state: WorkspaceState()) }
    }
}
