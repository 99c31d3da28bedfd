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
        let reports = try ConflictListing.reports(try Workspace.open(readOnly: true))
        try output.print(reports.map(ConflictListing.Item.init)) { _ in ConflictListing.text(reports) }
    }
}
