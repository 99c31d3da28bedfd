import Foundation
import Spawning
import WorkstreamKit

/// A provider that is an executable `ws-provider-<name>` speaking protocol v1.
/// Whatever it does wrong — a non-zero exit, a crash, a hang past the
/// timeout, garbage, a flood, no result at all — becomes a ProviderFailure.
public struct ExternalProvider: Provider {
    public let name: String
    public let executable: String
    public let environment: [String: String]
    public let timeout: Double
    /// For a plugin from the repository: the SHA-256 someone on this machine
    /// approved. Nil for one on PATH, which needs no approval.
    public let approvedSHA256: String?
    public var origin: String { executable }

    public init(name: String, executable: String, environment: [String: String], timeout: Double, approvedSHA256: String? = nil) {
        self.name = name; self.executable = executable; self.environment = environment; self.timeout = timeout
        self.approvedSHA256 = approvedSHA256
    }

    public func handle(_ request: ProviderRequest, progress: @escaping (String) -> Void) throws(ProviderFailure) -> ProviderResult {
        try checkApproval()
        var stream = ProgressStream(mask: SecretMask(request.secretParams.compactMap { request.params[$0] }), show: progress)
        var env = environment
        env["WS_PROVIDER_PROTOCOL"] = String(ProviderRequest.protocolVersion)
        // Outside `run`: its mask holds every secret read so far (a result's too), for the error path below.
        var reader = ProviderOutputReader(provider: name, mask: stream.mask)
        do {
            return try run(request, env: env, reader: &reader, stream: &stream)
        } catch {
            // Whatever was held back is shown now, masked with every value the plugin declared — in lines
            // the stream never took as well (a result and the garbage after it can come in one read).
            stream.flush(addingSecrets: reader.mask.values)
            throw ProviderFailure(stream.mask.apply(error.message), retryable: error.retryable)
        }
    }

    private func run(_ request: ProviderRequest, env: [String: String], reader: inout ProviderOutputReader,
                     stream: inout ProgressStream) throws(ProviderFailure) -> ProviderResult {
        var final: ProviderOutputReader.Line?
        let outcome: ChildProcess.Outcome
        do {
            outcome = try ChildProcess.run(executable, environment: env, stdin: Array((request.json.canonical + "\n").utf8), timeout: timeout) { bytes in
                final = try stream.take(reader.feed(bytes)) ?? final
            }
            final = try stream.take(reader.finish()) ?? final
        } catch let failure as ProviderFailure {
            throw failure
        } catch {
            throw ProviderFailure("provider '\(name)' could not be run: \(error)")
        }
        let stderr = Self.lastLines(outcome.stderrTail)
        switch outcome.ending {
        case .timedOut:
            throw ProviderFailure("provider '\(name)' did not finish within \(Self.seconds(timeout)); it was stopped (with its process group)", retryable: true)
        case .signalled(let sig):
            throw ProviderFailure("provider '\(name)' crashed (signal \(sig))" + stderr)
        case .exited(let code) where code != 0:
            if case .error(let e)? = final { throw ProviderFailure(e.message + " (exit \(code))", retryable: e.retryable) }
            throw ProviderFailure("provider '\(name)' exited with status \(code)" + stderr)
        case .exited:
            switch final {
            case .result(let r)?:
                stream.flush(addingSecrets: Array(r.secrets.values))
                return r
            case .error(let e)?: throw e
            default: throw ProviderFailure("provider '\(name)' ended without a result line" + stderr)
            }
        }
    }

    /// The file is hashed again right before each run, not only when it was
    /// looked up: a `describe` and the `apply` that follows can be minutes
    /// apart, and a pull in between must not slip new contents in.
    ///
    /// A window remains between this hash and the exec of the same path, a few
    /// microseconds long. Whoever could rewrite the file inside it can already
    /// write to this work tree and its git directory (hooks, config), that is
    /// run code as this user without ws; what approval guards against is
    /// contents that arrived through git unread, and git cannot aim at that
    /// window. Closing it for good would mean running a private copy, which
    /// breaks plugins that find their own files next to `$0`.
    func checkApproval() throws(ProviderFailure) {
        guard let approved = approvedSHA256 else { return }
        let now = try ProviderTrust.sha256(ofFile: executable)
        if now != approved {
            throw ProviderFailure(UntrustedPlugin(name: name, path: executable, sha256: now, approvedSHA256: approved).description)
        }
    }

    static func lastLines(_ text: String) -> String {
        let lines = text.split(separator: "\n").suffix(3).map { $0.count > 200 ? String($0.prefix(200)) + "…" : String($0) }
        return lines.isEmpty ? "" : "; its last words: " + lines.joined(separator: " | ")
    }

    static func seconds(_ t: Double) -> String { t == t.rounded() ? "\(Int(t)) s" : String(format: "%.1f s", t) }
}

/// A plugin's progress lines on their way to the person: masked with every
/// secret the plugin declared so far (`"secrets"` on a progress line), and,
/// once the plugin asked for it (`"hold": true`), held back until its result,
/// whose secrets are then masked too. Without either, a secret a plugin
/// prints before its result cannot be known to be one.
struct ProgressStream {
    var mask: SecretMask
    let show: (String) -> Void
    var holding = false
    var held: [String] = []

    /// Shows or holds the progress lines; answers the final line, if one came.
    mutating func take(_ lines: [ProviderOutputReader.Line]) -> ProviderOutputReader.Line? {
        var final: ProviderOutputReader.Line?
        for line in lines {
            switch line {
            case .secrets(let values): mask.add(contentsOf: values)
            case .hold: holding = true
            case .progress(let message) where message.isEmpty: continue
            case .progress(let message): if holding { held.append(message) } else { show(mask.apply(message)) }
            case .result(let r):
                // Into the mask at once: should anything fail after the result, its message is masked with these too.
                mask.add(contentsOf: Array(r.secrets.values))
                final = line
            case .error: final = line
            }
        }
        return final
    }

    mutating func flush(addingSecrets values: [String]) {
        mask.add(contentsOf: values)
        for message in held { show(mask.apply(message)) }
        held = []
    }
}
