import ArgumentParser
import Operations
import WorkstreamKit

/// `ws conflicts`: what clones recorded without seeing each other and that
/// disagrees, the outcome every clone shows meanwhile, and how to settle it.
struct Conflicts: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "conflicts",
        abstract: "List the conflicts between clones (kind, workstream, the competing events, the outcome in force) and how to settle each.")
    @OptionGroup var output: JSONFlag

    func run() throws {
        let ws = try Workspace.open(readOnly: true)
        let reports = try ConflictListing.reports(ws)
        if output.json { return try Output.json(reports.map(ConflictListing.Item.init)) }
        Output.line(ConflictListing.text(reports))
    }
}
