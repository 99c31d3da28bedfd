import Foundation
import ArgumentParser
import Board
import Operations
import WorkstreamKit

/// `ws serve`: the live board in a browser, read-only, over the same log and the same queries as the
/// commands above (see docs/board.md), and MCP over HTTP at `/mcp` for agents with a token (docs/mcp.md).
struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve",
        abstract: "The live board in the browser, and MCP over HTTP at /mcp for agents with a token.",
        subcommands: [Run.self, ServeTokenCommand.self], defaultSubcommand: Run.self)
}

extension Serve {
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run",
        abstract: "Serve the board (read-only) and /mcp; loopback unless --host, which then needs a token.")

    @Option(help: "The port to listen on (0: any free port).") var port: Int = BoardServer.defaultPort
    @Option(help: "The address to listen on. Anything but loopback requires the token ws prints.") var host: String = BoardServer.defaultHost
    @Flag(help: "Open the board in the default browser.") var open = false
    @Option(help: "HTTPS: the server's certificate (PEM, the chain leaf first); needs --tls-key.") var tlsCert: String?
    @Option(help: "HTTPS: the certificate's private key (PEM, unencrypted); needs --tls-cert.") var tlsKey: String?
    @Option(help: "/mcp: the calls a second each agent may make on average (bursts of twice that).")
    var agentRate: Double = MCPLimits.Settings().rate
    @Option(help: "/mcp: the calls each agent may have in flight at once.")
    var agentConcurrency: Int = MCPLimits.Settings().concurrency
    @Option(help: ArgumentHelp("Commit every event's documents and journals in this clone and push them to this remote "
                               + "on a schedule (one server at a time on a shared store).", valueName: "remote"))
    var push: String?
    @Option(help: "With --push: the seconds between two rounds.") var pushEvery: Double = 30

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port takes 0 to 65535 (0: any free port), not \(port).") }
        guard !host.isEmpty else { throw ValidationError("--host needs an address, e.g. 127.0.0.1 or 0.0.0.0.") }
        guard (tlsCert == nil) == (tlsKey == nil) else { throw ValidationError("--tls-cert and --tls-key go together.") }
        guard agentRate.isFinite, agentRate >= 0.1, agentRate <= 10_000 else {
            throw ValidationError("--agent-rate takes 0.1 to 10000 calls a second.")
        }
        guard (1...64).contains(agentConcurrency) else { throw ValidationError("--agent-concurrency takes 1 to 64.") }
        guard pushEvery.isFinite, (1...86_400).contains(pushEvery) else {
            throw ValidationError("--push-every takes 1 to 86400 seconds.")
        }
    }

    func run() throws {
        Workspace.keepConnections()
        var tls: ServerTLS?
        if let tlsCert, let tlsKey {
            do { tls = try ServerTLS(certificateFile: tlsCert, keyFile: tlsKey) } catch {
                throw CLIError(code: ExitCodes.error, message: "ws serve: \(error.description)")
            }
        }
        let ws = try Workspace.open(readOnly: true)
        let publisher = try push.map { try TeamPublisher(ws: ws, remote: $0, interval: pushEvery, report: Self.reportOnce) }
        let token = BoardServer.isLoopback(host) ? nil : BoardServer.newToken()
        // Leases are judged at the command line's clock (`Workspace.now`: WS_NOW when set, else now).
        let source = BoardSource(ws: ws)
        let options = BoardServer.Options(host: host, port: port, token: token,
                                          agentTokens: try ServeTokens(for: ws), tls: tls,
                                          limits: .init(rate: agentRate, concurrency: agentConcurrency),
                                          report: Self.reportOnce)
        let host = self.host, open = self.open, https = tls != nil
        Self.stopOnSignals()
        let outcome = Outcome()
        Task.detached {
            do {
                try await BoardServer.run(source: source, options: options) { bound in
                    Self.announce(host: host, port: bound, token: token, open: open, https: https)
                    publisher?.start()
                }
            } catch {
                outcome.error = error
            }
            outcome.done.signal()
        }
        outcome.done.wait()
        if let error = outcome.error {
            throw CLIError(code: ExitCodes.error, message: "could not serve on \(host):\(port): \(error). Is the port taken? Pick another with --port (0: any free port).")
        }
    }

    /// The address, printed once; with a token, the one link that carries it.
    static func announce(host: String, port: Int, token: String?, open: Bool, https: Bool) {
        let shownHost = host.contains(":") ? "[\(host)]" : host
        let url = "\(https ? "https" : "http")://\(shownHost):\(port)/"
        Output.line("ws serve: the board is at \(url)")
        if let token {
            Output.line("ws serve: \(host) is not loopback, so every request needs this token (shown once): \(token)")
            Output.line("ws serve: open \(url)?token=\(token) (sets a cookie), or send 'Authorization: Bearer <token>'")
        }
        Output.line("ws serve: the board is read-only; agents reach MCP at \(url)mcp with a token of their own "
                    + "('ws serve token add <agent>'); Ctrl-C stops it")
        if !BoardServer.isLoopback(host), !https {
            Output.error("ws serve: warning: \(host) is not loopback and this server speaks plain HTTP: tokens cross the "
                         + "network unencrypted. Give it --tls-cert and --tls-key, or put a TLS reverse proxy in front of it "
                         + "(docs/mcp.md, \"Over HTTP\").")
        }
        if open { openBrowser(token.map { "\(url)?token=\($0)" } ?? url) }
    }

    static func openBrowser(_ url: String) {
        let opener = ["/usr/bin/xdg-open", "/usr/bin/open"].first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let opener else { return Output.error("ws serve: no xdg-open here to open a browser; open \(url) by hand") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: opener)
        process.arguments = [url]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { Output.error("ws serve: could not open a browser (\(error)); open \(url) by hand") }
    }

    /// The server's problems, on stderr; the same message at most once a minute (a broken token file would
    /// otherwise print one line a request).
    static let reportOnce: @Sendable (String) -> Void = { message in
        let now = Date()
        let due = reportLock.withLock {
            guard let last = lastReports[message], now.timeIntervalSince(last) < 60 else {
                lastReports[message] = now
                return true
            }
            return false
        }
        if due { Output.error(message) }
    }
    private static let reportLock = NSLock()
    nonisolated(unsafe) private static var lastReports: [String: Date] = [:]

    /// SIGINT and SIGTERM end the process at once: a write through `/mcp` is acknowledged only once its transaction
    /// commits, and a commit of documents cut off is caught up by the next command, as after `kill -9`.
    static func stopOnSignals() {
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler { Foundation.exit(0) }
            source.resume()
            signalSources.append(source)
        }
    }

    nonisolated(unsafe) private static var signalSources: [any DispatchSourceSignal] = []

    /// What the server task hands back to the waiting command.
    final class Outcome: @unchecked Sendable {
        let done = DispatchSemaphore(value: 0)
        var error: (any Error)?
    }
}
}
