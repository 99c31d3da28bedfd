import ArgumentParser
import EventLog
import Foundation
import Operations
import WorkstreamKit

struct History: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "history", abstract: "The events of the log, or of one workstream.")

    @Argument(help: "Only this workstream's events.") var id: String?
    @Option(help: "Only events after this sequence number or time.") var since: String?
    @OptionGroup var output: JSONFlag

    func run() throws {
        let ws = try Workspace.open(readOnly: true)
        if let id, !(try ws.ledger.exists(id)) { throw Refusal.unknownWorkstream(id) }
        var after: Int64 = 0
        if let since {
            if let seq = Int64(since) { after = seq } else { after = try PointInTime.sequence(since, in: ws) }
        }
        let events = try ws.ledger.history(stream: id, after: after)
        if output.json {
            // The export's own line for each event: `data` is the stored payload itself, not a re-encoding.
            let lines = events.map(ExportFormat.line)
            Output.line("[" + lines.joined(separator: ",\n") + "]")
            return
        }
        if events.isEmpty { return Output.line("no events") }
        Output.line(Output.table(["SEQ", "TIME", "STREAM", "TYPE", "ACTOR", "DATA"], events.map {
            [String($0.seq), $0.time, $0.stream, $0.type, $0.actor, String($0.payload.prefix(80))]
        }))
    }
}
