import Foundation

/// A PostgreSQL cluster of the test's own, on a free loopback port, that the test may kill with SIGKILL and
/// start again (crash recovery): the shared test server of `scripts/with-postgres.sh` belongs to every test.
/// Trust authentication on loopback only; removed by `remove()`.
final class CrashableCluster {
    struct Failed: Error, CustomStringConvertible { let description: String }

    let dir: URL
    let port: Int
    private let bin: String

    var url: String { "postgres://ws@127.0.0.1:\(port)/postgres" }
    private var data: String { dir.appendingPathComponent("data").path }

    init() throws {
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        guard let newest = versions.sorted(by: { $0.compare($1, options: .numeric) == .orderedAscending }).last else {
            throw Failed(description: "PostgreSQL server binaries not found under /usr/lib/postgresql")
        }
        bin = "/usr/lib/postgresql/\(newest)/bin"
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("ws-crash-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        port = 20_000 + Int.random(in: 0..<40_000)
        if getuid() == 0 { try run(["/bin/chown", "postgres:postgres", dir.path], asOwner: false) }
        try run(["\(bin)/initdb", "-D", data, "-U", "ws", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8"])
        try start()
    }

    func start() throws {
        do { try startServer() } catch {
            let log = (try? String(contentsOf: dir.appendingPathComponent("server.log"), encoding: .utf8)) ?? ""
            throw Failed(description: "\(error); server log: \(log.suffix(1_000))")
        }
    }

    private func startServer() throws {
        try run(["\(bin)/pg_ctl", "-D", data, "-l", dir.appendingPathComponent("server.log").path, "-w", "-t", "120",
                 "-o", "-c listen_addresses=127.0.0.1 -p \(port) -k \(dir.path) -c max_connections=100", "start"])
    }

    /// SIGKILL to the postmaster and each of its backends at once (none of them gets to flush anything more).
    func kill() throws {
        let pidPath = dir.appendingPathComponent("data/postmaster.pid").path
        let pidFile = try String(contentsOfFile: pidPath, encoding: .utf8)
        guard let postmaster = pidFile.split(separator: "\n").first.flatMap({ Int32($0) }) else {
            throw Failed(description: "no postmaster pid in \(pidFile)")
        }
        let victims = [postmaster] + children(of: postmaster)
        for pid in victims { Foundation.kill(pid, SIGKILL) }
        while victims.contains(where: { FileManager.default.fileExists(atPath: "/proc/\($0)/cmdline")
            && !isZombie($0) }) { usleep(10_000) }
        // Nobody may reap the killed postmaster (pg_ctl, its parent, has exited): a zombie's pid still answers
        // kill(pid, 0), and the next start would take it for a running server. After a host crash no process is
        // left, so the lock file names nobody; removing it is what makes this the same.
        try FileManager.default.removeItem(atPath: dir.appendingPathComponent("data/postmaster.pid").path)
        try? FileManager.default.removeItem(at: dir.appendingPathComponent(".s.PGSQL.\(port).lock"))
    }

    func remove() {
        try? run(["\(bin)/pg_ctl", "-D", data, "-m", "immediate", "-w", "stop"])
        try? FileManager.default.removeItem(at: dir)
    }

    private func children(of parent: Int32) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { Int32($0) }.filter { pid in
            // Field 4 of /proc/<pid>/stat is the parent; the command (field 2) is in parentheses.
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { return false }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return fields.count > 1 && Int32(fields[1]) == parent
        }
    }

    private func isZombie(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return true }
        return stat[stat.index(after: close)...].split(separator: " ").first == "Z"
    }

    /// initdb refuses to run as root: as root, the cluster belongs to the postgres system user.
    private func run(_ argv: [String], asOwner: Bool = true) throws {
        let p = Process()
        let command = asOwner && getuid() == 0 ? ["/usr/sbin/runuser", "-u", "postgres", "--"] + argv : argv
        p.executableURL = URL(fileURLWithPath: command[0])
        p.arguments = Array(command.dropFirst())
        let log = dir.appendingPathComponent("commands.log")
        if !FileManager.default.fileExists(atPath: log.path) {
            _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        }
        let handle = try FileHandle(forWritingTo: log)
        handle.seekToEndOfFile()
        p.standardOutput = handle
        p.standardError = handle
        try p.run()
        let status = exitStatus(of: p)
        try? handle.close()
        guard status == 0 else {
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            throw Failed(description: "\(argv[0]) exited \(status): \(text.suffix(800))")
        }
    }
}
