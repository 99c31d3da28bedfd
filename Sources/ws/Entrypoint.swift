import Foundation
import WorkstreamCLI

@main
struct Entrypoint {
    static func main() {
        exit(CLI.run(Array(CommandLine.arguments.dropFirst()), raw: CommandLine.unsafeArgv, count: Int(CommandLine.argc)))
    }
}
