import Foundation
import WorkstreamCLI

@main
struct Entrypoint {
    static func main() {
        if let version = CLI.versionAnswer(raw: CommandLine.unsafeArgv, count: Int(CommandLine.argc)) {
            exit(CLI.write(version))
        }
        exit(CLI.run(Array(CommandLine.arguments.dropFirst()), raw: CommandLine.unsafeArgv, count: Int(CommandLine.argc)))
    }
}
