import Foundation
import Testing
@testable import WorkstreamKit

/// A planned command may span lines and hold backticks (a quoted parameter value): the code block
/// around the commands in a workstream's document must still hold all of it.
@Suite struct ProvisionFenceTests {
    @Test func aCommandHoldingAFenceStaysInsideItsCodeBlock() throws {
        var history = ProjectHistory()
        var seq: Int64 = 0
        let command = "gcloud storage buckets create gs://b '--location=x\n```\n# Not a heading\n`````'"
        for c: Command in [.applyPlan(Plan(workstreams: [Declaration(id: "A1", title: "Fences")])),
                           .planProvision(id: "A1", .init(resource: ResourceRef(provider: "gcp", type: "bucket", name: "b"), action: .apply,
                                                          params: ["location": "x\n```\n# Not a heading\n`````"], commands: [command]))] {
            for p in try Decider.decide(c, state: history.state) {
                seq += 1
                history.apply(EventEnvelope(seq: seq, stream: p.stream, version: (history.state[p.stream]?.version ?? 0) + 1,
                                            actor: "pm", time: "2025-12-04T09:00:00.000Z", event: p.event))
            }
        }
        let document = try #require(Documents.render(history).first { $0.key.hasPrefix("Workstreams/A1-") }?.value)
        let lines = document.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let open = try #require(lines.firstIndex(of: "``````sh"), "the fence is longer than the longest run of backticks inside (5)")
        let close = try #require(lines[(open + 1)...].firstIndex(of: "``````"))
        #expect(lines[(open + 1)..<close].joined(separator: "\n") == command)
        // The parameter stays on its line, in backticks longer than the run of five inside.
        #expect(lines.contains("- Parameters: `````` location=x\\n```\\n# Not a heading\\n````` ``````"))
        #expect(lines.filter { $0 == "# Not a heading" }.count == 1, "only inside the code block")
    }
}
