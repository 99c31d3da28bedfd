import Foundation
import TestSupport
import Testing

/// Runs the real `ws` executable in a temporary git repository.
final class Sandbox {
    let root: URL
    var environment: [String: String]

    init() throws {
        var env = ProcessInfo.processInfo.environment
        env["WS_AGENT"] = "tester"
        env.removeValue(forKey: "WS_STORE")
        env.removeValue(forKey: "WS_NOW")
        environment = env
        root = try TemporaryRepository.create(prefix: "ws-test", environment: env)
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    typealias Result = ProcessResult

    /// Runs `ws args…` and waits for it.
    @discardableResult
    func ws(_ args: String..., env extra: [String: String] = [:], stdin: String? = nil) throws -> Result {
        try ws(args, env: extra, stdin: stdin)
    }

    @discardableResult
    func ws(_ args: [String], env extra: [String: String] = [:], stdin: String? = nil) throws -> Result {
        try Self.run([Self.binary.path] + args, cwd: root, env: environment.merging(extra) { $1 }, stdin: stdin)
    }

    /// `git args…` in the sandbox (or `dir`), which must succeed; `identity` makes git's commits a person's.
    @discardableResult
    func git(_ args: String..., in dir: URL? = nil, identity: Bool = false,
             sourceLocation: SourceLocation = #_sourceLocation) throws -> Result {
        let env = identity ? environment.merging(Git.identity) { $1 } : environment
        return try Git.run(args, in: dir ?? root, environment: env).check(sourceLocation: sourceLocation)
    }

    func write(_ name: String, _ text: String) throws { try TemporaryRepository.write(text, to: name, in: root) }

    var logPath: String { root.appendingPathComponent(".git/ws/log.sqlite").path }

    /// A repository on the PostgreSQL store `store` (WS_STORE) with the example plan applied and committed.
    static func plannedOnStore(_ store: String) throws -> Sandbox {
        let s = try Sandbox()
        s.environment["WS_STORE"] = store
        try s.ws("init").check()
        try s.write("plan.yaml", DemoPlan.yaml)
        try s.ws("plan", "apply", "plan.yaml").check()
        try s.ws("commit").check()
        return s
    }

    /// A repository with `ws init` done and the example plan applied.
    static func planned() throws -> Sandbox {
        let s = try Sandbox()
        try s.ws("init").check()
        try s.write("plan.yaml", DemoPlan.yaml)
        try s.ws("plan", "apply", "plan.yaml").check()
        return s
    }

    /// A plan of `workstreams` from the bench generator (`events` in all): the path of its export file.
    func benchPlan(workstreams: Int, events: Int) throws -> String {
        let data = root.appendingPathComponent("bench-data")
        let generator = Sandbox.binary.deletingLastPathComponent().appendingPathComponent("ws-benchgen")
        let argv = [generator.path, data.path, String(workstreams), String(events)]
        try Sandbox.run(argv, cwd: root, env: environment).check()
        return data.appendingPathComponent("ws-export.jsonl").path
    }

    /// The whole log as exported: equal before and after means nothing changed.
    func snapshot() throws -> String {
        let r = try ws("export")
        #expect(r.code == 0, "export failed: \(r.stderr)")
        return r.stdout
    }

    /// Through posix_spawn (`Spawn`): Foundation's Process can crash the test process on Swift 6.3.1 for Linux.
    static func run(_ argv: [String], cwd: URL, env: [String: String], stdin: String? = nil,
                    killAfter: Int? = nil) throws -> Result {
        try Spawn.run(argv, cwd: cwd, env: env, stdin: stdin, killAfter: killAfter)
    }

    final class Running {
        let process: Process
        let out: Pipe, err: Pipe
        init(process: Process, out: Pipe, err: Pipe) { self.process = process; self.out = out; self.err = err }
        func wait() -> Result {
            // Drain both pipes at once before waiting, so a chatty child never blocks on a full pipe.
            nonisolated(unsafe) var e = Data()
            let errDone = DispatchSemaphore(value: 0)
            let errHandle = err.fileHandleForReading
            Thread.detachNewThread { e = errHandle.readDataToEndOfFile(); errDone.signal() }
            let o = out.fileHandleForReading.readDataToEndOfFile()
            errDone.wait()
            // Closed here: Foundation keeps a Process it never saw end (reaped below, by pid) and its
            // pipes with it, and a test of a thousand commands ran out of descriptors and crashed in Process.run.
            try? out.fileHandleForReading.close()
            try? errHandle.close()
            return Result(code: Self.exitCode(of: process), stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
        }

        /// Foundation's own reaping can miss a child when other code in this test process spawns
        /// and reaps processes too (the provider tests do), leaving `waitUntilExit` blocked on a
        /// zombie. So the child is reaped here, by its pid, whichever gets there first.
        static func exitCode(of process: Process) -> Int32 {
            let pid = process.processIdentifier
            while true {
                var status: Int32 = 0
                let r = waitpid(pid, &status, WNOHANG)
                if r == pid { return status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f) }
                if r < 0 && !process.isRunning {
                    return process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
                }
                usleep(2_000)
            }
        }
    }

    static func launch(_ argv: [String], cwd: URL, env: [String: String], stdin: String? = nil) throws -> Running {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: argv[0])
        p.arguments = Array(argv.dropFirst())
        p.currentDirectoryURL = cwd
        p.environment = env
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        if let stdin {
            let input = Pipe()
            p.standardInput = input
            try p.run()
            input.fileHandleForWriting.write(Data(stdin.utf8))
            try input.fileHandleForWriting.close()
        } else {
            p.standardInput = FileHandle.nullDevice
            try p.run()
        }
        return Running(process: p, out: out, err: err)
    }

    func launchWS(_ args: [String], env extra: [String: String] = [:]) throws -> Running {
        try Self.launch([Self.binary.path] + args, cwd: root, env: environment.merging(extra) { $1 })
    }

    /// The `ws` built beside this test bundle (WS_BIN overrides).
    static let binary: URL = {
        if let explicit = ProcessInfo.processInfo.environment["WS_BIN"] { return URL(fileURLWithPath: explicit) }
        let here = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var dir = here.deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("ws")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return package.appendingPathComponent(".build/debug/ws")
    }()
}

func json(_ text: String) throws -> Any {
    try JSONSerialization.jsonObject(with: Data(text.utf8))
}
