import Foundation
import Spawning

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
             keepServers: Bool = false, check: Bool = true, what: String? = nil,
             stdoutSecrets: ((String) -> [String]?)? = nil) throws(ProviderFailure) -> Result {
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
        if check && result.status != 0 { throw failure(label: label, status: result.status, stdout: out, stderr: err, stdoutSecrets: stdoutSecrets) }
        return result
    }

    /// A failed command's message. `stdoutSecrets` (exec with `secrets=` paths) reads the secrets its stdout
    /// holds, to mask them as well; nil from it means stdout cannot be read (not JSON), so it is not quoted
    /// at all: it is kept whole in a 0600 file beside the log, and the message gives that file's path.
    func failure(label: String, status: Int32, stdout: [UInt8], stderr: [UInt8], stdoutSecrets: ((String) -> [String]?)?) -> ProviderFailure {
        var failureMask = mask
        var shown = stdout
        var note = ""
        if let stdoutSecrets, !stdout.isEmpty {
            if let values = stdoutSecrets(String(decoding: stdout, as: UTF8.self)) {
                failureMask.add(contentsOf: values)
            } else {
                shown = []
                let text = failureMask.apply(String(decoding: stdout, as: UTF8.self))
                let kept = try? CommandOutput.keep(stdout: text, stderr: "", label: label, status: status, directory: outputDirectory)
                note = " (its stdout, which may hold secrets, is not shown" + (kept.map { ": it is in \($0.path)" } ?? "") + ")"
            }
        }
        let detail = CommandOutput.summary(stdout: shown, stderr: stderr, label: label, status: status, mask: failureMask, directory: outputDirectory)
        return ProviderFailure("\(label) failed (exit \(status))\(note): \(detail)")
    }
}
