import Foundation
import Testing

/// A real `ws serve` running in a sandbox repository on a free loopback port
/// (`--port 0`: the port it prints). Its output goes to files, read while it
/// runs; `stop()` (or deinit) ends it with SIGTERM and reaps it.
final class ServeProcess {
    let pid: pid_t
    let outPath: String
    let errPath: String
    private(set) var port = 0
    private(set) var token: String?

    init(_ sandbox: Sandbox, arguments: [String] = [], environment extra: [String: String] = [:]) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ws-serve-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        outPath = dir.appendingPathComponent("out").path
        errPath = dir.appendingPathComponent("err").path
        // Through sh for the working directory, then exec: the pid is ws's own.
        let argv = ["/bin/sh", "-c", "cd \"$0\" && bin=\"$1\" && shift && exec \"$bin\" serve --port 0 \"$@\" >\"$OUT\" 2>\"$ERR\" </dev/null",
                    sandbox.root.path, Sandbox.binary.path] + arguments
        var env = sandbox.environment.merging(extra) { $1 }
        env["OUT"] = outPath
        env["ERR"] = errPath
        let cArgs = argv.map { strdup($0) } + [nil]
        let cEnv = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for p in cArgs + cEnv { free(p) } }
        var child: pid_t = 0
        let spawned = posix_spawn(&child, "/bin/sh", nil, nil, cArgs, cEnv)
        guard spawned == 0 else { throw ServeFailure(description: "cannot start ws serve: \(String(cString: strerror(spawned)))") }
        pid = child
        try waitForAddress()
    }

    deinit { stop() }

    var base: String { "http://127.0.0.1:\(port)" }
    var output: String { (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "" }
    var errors: String { (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "" }

    /// Waits (up to 60 s: a first start under load is slow) for "the board is at http://…:PORT/".
    private func waitForAddress() throws {
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            let text = output
            if let range = text.range(of: #"the board is at https?://[^ ]*:(\d+)/"#, options: .regularExpression) {
                let url = String(text[range])
                port = Int(url.split(separator: ":").last?.dropLast() ?? "") ?? 0
                if let t = text.range(of: #"needs this token \(shown once\): [0-9a-f]+"#, options: .regularExpression) {
                    token = text[t].split(separator: " ").last.map(String.init)
                }
                return
            }
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid {
                reaped = true
                throw ServeFailure(description: "ws serve ended before it listened: \(errors)")
            }
            usleep(50_000)
        }
        throw ServeFailure(description: "ws serve printed no address within 60 s: \(output) \(errors)")
    }

    private var reaped = false

    func stop() {
        guard !reaped else { return }
        kill(pid, SIGTERM)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        reaped = true
    }

    /// `curl` against the server: status code, headers and body.
    struct Reply {
        var status: Int
        var headers: String
        var body: String
        func header(_ name: String) -> String? {
            for line in headers.split(separator: "\r\n") where line.lowercased().hasPrefix(name.lowercased() + ":") {
                return line.dropFirst(name.count + 1).trimmingCharacters(in: .whitespaces)
            }
            return nil
        }
    }

    func get(_ path: String, headers: [String] = [], method: String = "GET", data: String? = nil) throws -> Reply {
        try Self.curl(base + path, headers: headers, method: method, data: data)
    }

    /// `data`: the request's body, sent as it is (it must not start with '@', which curl reads as a file name).
    static func curl(_ url: String, headers: [String] = [], method: String = "GET", data: String? = nil) throws -> Reply {
        let dir = FileManager.default.temporaryDirectory
        let headerFile = dir.appendingPathComponent("ws-curl-\(UUID().uuidString.prefix(8))").path
        defer { try? FileManager.default.removeItem(atPath: headerFile) }
        var argv = ["/usr/bin/env", "curl", "-sS", "--max-time", "20", "-X", method, "-D", headerFile, "-o", "-", "-w", "\n%{http_code}"]
        for h in headers { argv += ["-H", h] }
        if let data { argv += ["--data-binary", data] }
        argv.append(url)
        let r = try Sandbox.run(argv, cwd: dir, env: ProcessInfo.processInfo.environment)
        guard r.code == 0 else { throw ServeFailure(description: "curl \(url) failed (\(r.code)): \(r.stderr); install curl with scripts/install-deps.sh") }
        var body = r.stdout
        let statusLine = body.split(separator: "\n").last.map(String.init) ?? "0"
        body = String(body.dropLast(statusLine.count + 1))
        let headerText = (try? String(contentsOfFile: headerFile, encoding: .utf8)) ?? ""
        return Reply(status: Int(statusLine) ?? 0, headers: headerText, body: body)
    }
}

struct ServeFailure: Error, CustomStringConvertible { var description: String }
