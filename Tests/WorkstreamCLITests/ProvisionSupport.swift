import Foundation
import Testing

extension Sandbox {
    /// A repository with `ws init` and one workstream, A1.
    static func withWorkstream() throws -> Sandbox {
        let s = try Sandbox()
        try s.ws("init").check()
        try s.ws("new", "A1", "--title", "Care platform").check()
        return s
    }

    /// Installs an executable `ws-provider-<name>` in the repository's plugin folder and, unless
    /// `trust` is false, approves it as the person on this machine would (`ws providers trust`):
    /// a repository plugin runs only once approved.
    func installProvider(_ name: String, _ script: String, trust: Bool = true) throws {
        let path = root.appendingPathComponent(".ws/providers/ws-provider-\(name)")
        try FileManager.default.createDirectory(at: path.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(script.utf8).write(to: path)
        chmod(path.path, 0o755)
        if trust { try ws("providers", "trust", name).check() }
    }

    /// The event types of a workstream, in order.
    func eventTypes(_ id: String) throws -> [String] {
        let list = try #require(try json(try ws("history", id, "--json").check().stdout) as? [[String: Any]])
        return list.compactMap { $0["type"] as? String }
    }

    func provisions(_ id: String) throws -> [[String: Any]] {
        let show = try #require(try json(try ws("show", id, "--json").check().stdout) as? [String: Any])
        return show["provisions"] as? [[String: Any]] ?? []
    }

    /// Every secret value this clone keeps (the secret store is plain JSON, mode 0600).
    func secretValues() throws -> [String] {
        let url = root.appendingPathComponent(".git/ws/secrets.json")
        guard let all = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: [String: String]] else { return [] }
        return all.values.flatMap(\.values)
    }
}

/// A TCP port on 127.0.0.1 that nobody listens on right now.
func freeLoopbackPort() -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_addr.s_addr = inet_addr("127.0.0.1")
    var len = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &addr) { p in
        p.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) == 0 && getsockname(fd, $0, &len) == 0 }
    }
    return Int(UInt16(bigEndian: addr.sin_port))
}

/// Whether something accepts TCP connections on 127.0.0.1:port.
func listening(_ port: Int) -> Bool {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_addr.s_addr = inet_addr("127.0.0.1")
    addr.sin_port = UInt16(port).bigEndian
    return withUnsafeMutablePointer(to: &addr) { p in
        p.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
    }
}

/// Finds a program on PATH; the tests that need one fail (never skip) without it.
func which(_ name: String) -> String? {
    for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
        let path = "\(dir)/\(name)"
        if FileManager.default.isExecutableFile(atPath: path) { return path }
    }
    return nil
}

/// The example external provider that ships in examples/providers/.
let examplesFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("examples/providers")
