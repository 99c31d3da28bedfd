import Foundation

/// Runs a command-line tool a built-in provider needs (initdb, psql, doctl…)
/// and captures what it prints, under the same process-group and timeout
/// rules as a plugin.
struct Tool {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    let environment: [String: String]
    let timeout: Double
    /// Where the whole output of a failed command goes when its message shows only the end of it.
    var outputDirectory: URL? = nil
    /// Secrets to mask in what a failed command printed.
    var mask = SecretMask()

    /// The same tool, masking `values` as well.
    func masking(_ values: [String]) -> Tool {
        var copy = self
        copy.mask.add(contentsOf: values)
        return copy
    }

    /// The full path of `name`, from PATH (or `name` itself when it has a slash).
    func find(_ name: String, extraDirectories: [String] = []) -> String? {
        if name.contains("/") { return FileManager.default.isExecutableFile(atPath: name) ? name : nil }
        let path = (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":").map(String.init)
        for dir in extraDirectories + path where FileManager.default.isExecutableFile(atPath: dir + "/" + name) {
            return dir + "/" + name
        }
        return nil
    }

    @discardableResult
    func run(_ executable: String, _ arguments: [String], stdin: String = "", environment extra: [String: String] = [:],
             keepServers: Bool = false, check: Bool = true, what: String? = nil) throws(ProviderFailure) -> Result {
        var out: [UInt8] = []
        var err: [UInt8] = []
        let outcome: ChildProcess.Outcome
        do {
            outcome = try ChildProcess.run(executable, arguments: arguments, environment: environment.merging(extra) { $1 },
                                           stdin: Array(stdin.utf8), timeout: timeout, killLeftovers: !keepServers,
                                           onStderr: { err += $0 }) { out += $0 }
        } catch {
            throw ProviderFailure("cannot run \(executable): \(error)")
        }
        let label = what ?? (executable as NSString).lastPathComponent
        let result: Result
        switch outcome.ending {
        case .timedOut: throw ProviderFailure("\(label) did not finish within \(Int(timeout)) s; it was stopped", retryable: true)
        case .signalled(let s): throw ProviderFailure("\(label) was killed by signal \(s)")
        case .exited(let code): result = Result(status: code, stdout: String(decoding: out, as: UTF8.self), stderr: outcome.stderrTail)
        }
        if check && result.status != 0 {
            let detail = CommandOutput.summary(stdout: out, stderr: err, label: label, status: result.status, mask: mask, directory: outputDirectory)
            throw ProviderFailure("\(label) failed (exit \(result.status)): \(detail)")
        }
        return result
    }
}
