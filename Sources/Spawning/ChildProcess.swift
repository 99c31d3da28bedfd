import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs one child process in its own process group, feeds it stdin, streams
/// its stdout to a callback and keeps the tail of its stderr. A deadline, or
/// the callback throwing, kills the whole group — a plugin's own children
/// (a server it started by mistake, a stuck `sleep`) included.
public enum ChildProcess {
    public enum Ending: Equatable, Sendable {
        case exited(Int32)
        case signalled(Int32)
        case timedOut
    }

    public struct Outcome: Sendable {
        public var ending: Ending
        /// The last 16 KiB of stderr.
        public var stderrTail: String
    }

    public struct SpawnFailure: Error, CustomStringConvertible {
        public var description: String
    }

    static let stderrKeep = 16 << 10

    typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32
    static let addCloseFrom: AddCloseFrom? =
        dlsym(nil, "posix_spawn_file_actions_addclosefrom_np").map { unsafeBitCast($0, to: AddCloseFrom.self) }

    public static func run(_ executable: String, arguments: [String] = [], environment: [String: String],
                           stdin: [UInt8], timeout: Double, killLeftovers: Bool = true,
                           onStderr: ([UInt8]) -> Void = { _ in },
                           onStdout: ([UInt8]) throws -> Void) throws -> Outcome {
        // A plugin that exits without reading its request must not take ws down with SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
        var inPipe: [Int32] = [0, 0], outPipe: [Int32] = [0, 0], errPipe: [Int32] = [0, 0]
        guard pipe(&inPipe) == 0, pipe(&outPipe) == 0, pipe(&errPipe) == 0 else { throw SpawnFailure(description: "cannot create pipes: \(errnoText())") }
        for fd in [inPipe[1], outPipe[0], errPipe[0]] { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, inPipe[0], 0)
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
        // The originals stay open in the child otherwise, and a server it starts would hold the pipes forever.
        for fd in [inPipe[0], outPipe[1], errPipe[1]] where fd > 2 { posix_spawn_file_actions_addclose(&actions, fd) }
        // Nor anything else: a descriptor another thread has open without O_CLOEXEC (a file being written, a
        // plugin among them) would stay open in the child for its whole life, and running that file fails with
        // ETXTBSY meanwhile. glibc ≥ 2.34, looked up because Swift's Glibc module does not declare it.
        _ = ChildProcess.addCloseFrom?(&actions, 3)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setpgroup(&attributes, 0)
        var defaults = sigset_t()
        sigemptyset(&defaults); sigaddset(&defaults, SIGPIPE)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for p in argv { free(p) }; for p in envp { free(p) } }
        var pid: pid_t = 0
        var rc = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        // A plugin file just written can still be open for writing in a child another thread
        // is starting (it inherits the descriptor until its exec): the kernel answers ETXTBSY
        // for those few milliseconds. Retried briefly, as the shells do.
        var attempts = 0
        while rc == ETXTBSY && attempts < 50 {
            attempts += 1
            usleep(10_000)
            rc = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        }
        close(inPipe[0]); close(outPipe[1]); close(errPipe[1])
        guard rc == 0 else {
            close(inPipe[1]); close(outPipe[0]); close(errPipe[0])
            throw SpawnFailure(description: "cannot run \(executable): \(String(cString: strerror(rc)))")
        }
        var session = Session(pid: pid, stdinFd: inPipe[1], stdoutFd: outPipe[0], stderrFd: errPipe[0], pending: stdin,
                              deadline: Date().addingTimeInterval(timeout))
        defer { session.closeAll() }
        do {
            let ending = try session.pump(onStdout, onStderr: onStderr, killLeftovers: killLeftovers)
            return Outcome(ending: ending, stderrTail: String(decoding: session.stderr, as: UTF8.self))
        } catch {
            session.killGroup()
            throw error
        }
    }

    static func errnoText() -> String { String(cString: strerror(errno)) }
}

/// The state of one running child: its descriptors and what is left to write.
private struct Session {
    let pid: pid_t
    var stdinFd: Int32
    var stdoutFd: Int32
    var stderrFd: Int32
    var pending: [UInt8]
    let deadline: Date
    var stderr: [UInt8] = []
    var exitStatus: Int32?

    init(pid: pid_t, stdinFd: Int32, stdoutFd: Int32, stderrFd: Int32, pending: [UInt8], deadline: Date) {
        self.pid = pid; self.stdinFd = stdinFd; self.stdoutFd = stdoutFd; self.stderrFd = stderrFd; self.pending = pending; self.deadline = deadline
        _ = fcntl(stdinFd, F_SETFL, fcntl(stdinFd, F_GETFL) | O_NONBLOCK)
        if pending.isEmpty { self.stdinFd = Self.closed(self.stdinFd) }
    }

    mutating func pump(_ onStdout: ([UInt8]) throws -> Void, onStderr: ([UInt8]) -> Void, killLeftovers: Bool) throws -> ChildProcess.Ending {
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        var exitedAt: Date?
        while true {
            if exitStatus == nil { reap(block: false) }
            if exitStatus != nil && exitedAt == nil { exitedAt = Date() }
            let open = stdoutFd >= 0 || stderrFd >= 0
            // Once the child is gone, its own children may still hold the pipes: drain briefly, then stop listening.
            if let at = exitedAt, !open || Date().timeIntervalSince(at) > 0.3 { break }
            let remaining = deadline.timeIntervalSinceNow
            if remaining <= 0 { killGroup(); return .timedOut }
            var fds: [pollfd] = []
            if stdinFd >= 0 { fds.append(pollfd(fd: stdinFd, events: Int16(POLLOUT), revents: 0)) }
            if stdoutFd >= 0 { fds.append(pollfd(fd: stdoutFd, events: Int16(POLLIN), revents: 0)) }
            if stderrFd >= 0 { fds.append(pollfd(fd: stderrFd, events: Int16(POLLIN), revents: 0)) }
            let wait = Int32(min(remaining, exitStatus == nil ? 0.05 : 0.02) * 1000) + 1
            let n = fds.isEmpty ? { usleep(UInt32(wait) * 1000); return 0 }() : poll(&fds, nfds_t(fds.count), wait)
            if n < 0 && errno != EINTR { throw ChildProcess.SpawnFailure(description: "poll failed: \(ChildProcess.errnoText())") }
            for f in fds where f.revents != 0 {
                if f.fd == stdinFd {
                    let written = pending.withUnsafeBytes { write(stdinFd, $0.baseAddress, $0.count) }
                    if written > 0 { pending.removeFirst(written) }
                    if written < 0 && errno != EAGAIN || pending.isEmpty { stdinFd = Self.closed(stdinFd) }
                } else {
                    let got = read(f.fd, &buffer, buffer.count)
                    if got <= 0 {
                        if got < 0 && (errno == EINTR || errno == EAGAIN) { continue }
                        if f.fd == stdoutFd { stdoutFd = Self.closed(stdoutFd) } else { stderrFd = Self.closed(stderrFd) }
                    } else if f.fd == stdoutFd {
                        try onStdout(Array(buffer[0..<got]))
                    } else {
                        onStderr(Array(buffer[0..<got]))
                        stderr += buffer[0..<got]
                        if stderr.count > ChildProcess.stderrKeep * 2 { stderr.removeFirst(stderr.count - ChildProcess.stderrKeep) }
                    }
                }
            }
        }
        // Whatever a plugin left running in its group goes with it (a server started on purpose, by pg_ctl say, stays).
        if killLeftovers { kill(-pid, SIGKILL) }
        if stderr.count > ChildProcess.stderrKeep { stderr.removeFirst(stderr.count - ChildProcess.stderrKeep) }
        guard let status = exitStatus else { return .timedOut }
        if status & 0x7f == 0 { return .exited((status >> 8) & 0xff) }
        return .signalled(status & 0x7f)
    }

    mutating func reap(block: Bool) {
        var status: Int32 = 0
        let r = waitpid(pid, &status, block ? 0 : WNOHANG)
        if r == pid { exitStatus = status }
    }

    mutating func killGroup() {
        kill(-pid, SIGKILL)
        if exitStatus == nil { reap(block: true) }
    }

    static func closed(_ fd: Int32) -> Int32 {
        if fd >= 0 { close(fd) }
        return -1
    }

    mutating func closeAll() {
        stdinFd = Self.closed(stdinFd); stdoutFd = Self.closed(stdoutFd); stderrFd = Self.closed(stderrFd)
    }
}
