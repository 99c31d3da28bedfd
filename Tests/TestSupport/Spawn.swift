import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// What a finished child process left: its exit code (128 + n for signal n) and its output.
public struct ProcessResult: Sendable {
    public var code: Int32
    public var stdout: String
    public var stderr: String

    public init(code: Int32, stdout: String, stderr: String) {
        self.code = code
        self.stdout = stdout
        self.stderr = stderr
    }

    /// Records a test failure (not a thrown error) when the process did not exit 0, so the test goes on.
    @discardableResult
    public func check(sourceLocation: SourceLocation = #_sourceLocation) throws -> ProcessResult {
        #expect(code == 0, "exit \(code): \(stderr)", sourceLocation: sourceLocation)
        return self
    }
}

/// A child that could not be started at all.
public struct SpawnFailure: Error, CustomStringConvertible {
    public var description: String
}

/// Runs a program with posix_spawn and collects its output and exit code, without Foundation's
/// Process: on Swift 6.3.1 for Linux, Process.run() now and then crashes the test process reading
/// /proc/self/fd (swift-corelibs-foundation#5472, fixed after 6.3.1), and a convergence run starts
/// thousands of git and ws processes.
public enum Spawn {
    private typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>?, Int32) -> Int32
    private typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, UnsafePointer<CChar>?) -> Int32
    // Both are glibc ≥ 2.29 extensions that Swift's Glibc module does not declare.
    private static let pipe2: Pipe2? = dlsym(nil, "pipe2").map { unsafeBitCast($0, to: Pipe2.self) }
    private static let addChdir: AddChdir? =
        dlsym(nil, "posix_spawn_file_actions_addchdir_np").map { unsafeBitCast($0, to: AddChdir.self) }
    private static let ignoreSigpipe: Void = { signal(SIGPIPE, SIG_IGN); return () }()
    private typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32
    /// glibc ≥ 2.34. Tests run in parallel: a descriptor another test has open for writing (a plugin it is
    /// installing) would stay open in this child for its whole life, and running that plugin would fail with ETXTBSY.
    private static let addCloseFrom: AddCloseFrom? =
        dlsym(nil, "posix_spawn_file_actions_addclosefrom_np").map { unsafeBitCast($0, to: AddCloseFrom.self) }

    /// `killAfter`: seconds after which a child still running is killed with SIGKILL (which no blocked signal mask
    /// stops, unlike `timeout`'s SIGTERM in a child of a test thread) and the run is a failure: a hang becomes a
    /// red test, never a stuck suite. It only ever fails a run, never passes one early: not a timing assertion.
    public static func run(_ argv: [String], cwd: URL, env: [String: String], stdin: String? = nil,
                           killAfter: Int? = nil) throws -> ProcessResult {
        guard let pipe2, let addChdir, let program = argv.first else {
            throw SpawnFailure(description: "posix_spawn_file_actions_addchdir_np or pipe2 is missing: the tests need glibc 2.29 or later (Debian 11+)")
        }
        var out: [Int32] = [-1, -1], err: [Int32] = [-1, -1], input: [Int32] = [-1, -1]
        guard pipe2(&out, O_CLOEXEC) == 0, pipe2(&err, O_CLOEXEC) == 0, stdin == nil || pipe2(&input, O_CLOEXEC) == 0 else {
            throw SpawnFailure(description: "pipe2 failed: \(String(cString: strerror(errno)))")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if stdin == nil { posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0) }
        else { posix_spawn_file_actions_adddup2(&actions, input[0], 0) }
        posix_spawn_file_actions_adddup2(&actions, out[1], 1)
        posix_spawn_file_actions_adddup2(&actions, err[1], 2)
        _ = addCloseFrom?(&actions, 3)
        _ = addChdir(&actions, cwd.path)
        let cArgs = argv.map { strdup($0) } + [nil]
        let cEnv = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for p in cArgs + cEnv { free(p) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, program, &actions, nil, cArgs, cEnv)
        for fd in [out[1], err[1], input[0]] where fd >= 0 { close(fd) }
        guard spawned == 0 else {
            for fd in [out[0], err[0], input[1]] where fd >= 0 { close(fd) }
            throw SpawnFailure(description: "cannot start \(program) in \(cwd.path): \(String(cString: strerror(spawned)))")
        }
        if let stdin {
            _ = ignoreSigpipe
            let bytes = Array(stdin.utf8)
            var written = 0
            while written < bytes.count {
                let n = bytes[written...].withUnsafeBytes { write(input[1], $0.baseAddress, $0.count) }
                if n > 0 { written += n } else if errno != EINTR { break }
            }
            close(input[1])
        }
        let deadline = killAfter.map { DispatchTime.now().uptimeNanoseconds + UInt64($0) * 1_000_000_000 }
        var (stdout, stderr, killed) = drain(out[0], err[0], child: pid, deadline: deadline)
        if killed { stderr += "\n(killed with SIGKILL: still running after \(killAfter ?? 0) s)" }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { return ProcessResult(code: 255, stdout: stdout, stderr: stderr + "\n(lost the exit status of \(program))") }
        }
        let code = status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return ProcessResult(code: killed ? 137 : code, stdout: stdout, stderr: stderr)
    }

    /// Reads both pipes to their end at once, so a child never blocks on a full one.
    /// Past `deadline` the child is killed, and the pipes are read no longer (a grandchild may hold them open).
    private static func drain(_ out: Int32, _ err: Int32, child: pid_t,
                              deadline: UInt64?) -> (String, String, Bool) {
        var fds = [pollfd(fd: out, events: Int16(POLLIN), revents: 0), pollfd(fd: err, events: Int16(POLLIN), revents: 0)]
        var data = [[UInt8](), [UInt8]()]
        var buffer = [UInt8](repeating: 0, count: 65536)
        var killed = false
        while fds.contains(where: { $0.fd >= 0 }) {
            var wait: Int32 = -1
            if let deadline {
                let now = DispatchTime.now().uptimeNanoseconds
                guard now < deadline else { kill(child, SIGKILL); killed = true; break }
                wait = Int32(min((deadline - now) / 1_000_000 + 1, 60_000))
            }
            if poll(&fds, nfds_t(fds.count), wait) < 0 {
                if errno == EINTR { continue }
                break
            }
            for i in fds.indices where fds[i].fd >= 0 && fds[i].revents != 0 {
                let n = read(fds[i].fd, &buffer, buffer.count)
                if n > 0 { data[i].append(contentsOf: buffer[0..<n]) }
                else if n == 0 || (errno != EINTR && errno != EAGAIN) { close(fds[i].fd); fds[i].fd = -1 }
            }
        }
        for f in fds where f.fd >= 0 { close(f.fd) }
        return (String(decoding: data[0], as: UTF8.self), String(decoding: data[1], as: UTF8.self), killed)
    }
}
