import Foundation
import Testing
@testable import Providers

/// External providers that misbehave, run for real as child processes.
@Suite struct ExternalProviderTests {
    let dir: URL

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("ws-plugins-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    func plugin(_ body: String, timeout: Double = 10) throws -> ExternalProvider {
        let path = dir.appendingPathComponent("ws-provider-test-\(UUID().uuidString.prefix(6))")
        // Written through a close-on-exec descriptor: the tests run in parallel, and a child another test spawns
        // while this file is open for writing would otherwise keep it open, and running it would fail with ETXTBSY.
        let fd = open(path.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o755)
        #expect(fd >= 0, "cannot create \(path.path)")
        let bytes = Array(("#!/bin/sh\n" + body + "\n").utf8)
        #expect(write(fd, bytes, bytes.count) == bytes.count)
        close(fd)
        return ExternalProvider(name: "test", executable: path.path, environment: ProcessInfo.processInfo.environment, timeout: timeout)
    }

    let apply = ProviderRequest(action: .apply, type: "thing", name: "t1", params: ["size": "2"], workstream: "A1", idempotencyKey: "k1")

    func failure(_ p: ExternalProvider) -> ProviderFailure? {
        do { _ = try p.handle(apply) { _ in }; return nil } catch { return error }
    }

    @Test func aWellBehavedPluginGetsTheRequestAndReturnsItsResult() throws {
        let p = try plugin("""
            read line
            echo '{"type":"progress","message":"got it"}'
            echo "{\\"type\\":\\"result\\",\\"outputs\\":{\\"echo\\":$(printf '%s' "$line" | wc -c | tr -d ' ')},\\"secrets\\":{\\"token\\":\\"abc123\\"},\\"commands\\":[\\"thing create t1\\"]}"
            """)
        var progress: [String] = []
        let r = try p.handle(apply) { progress.append($0) }
        #expect(progress == ["got it"])
        #expect(r.secrets == ["token": "abc123"])
        #expect(r.commands == ["thing create t1"])
        #expect(Int(r.outputs["echo"] ?? "0") == apply.json.canonical.utf8.count)
    }

    @Test func aNonZeroExitIsAFailureWithItsLastWords() throws {
        let f = try #require(failure(try plugin("echo 'quota exceeded' >&2; exit 7")))
        #expect(f.message.contains("exited with status 7"))
        #expect(f.message.contains("quota exceeded"))
    }

    @Test func aCrashIsAFailureNamingTheSignal() throws {
        let f = try #require(failure(try plugin("kill -SEGV $$")))
        #expect(f.message.contains("crashed (signal 11)"))
    }

    @Test func aHangIsStoppedWithItsWholeProcessGroup() throws {
        let marker = dir.appendingPathComponent("child.pid")
        let started = Date()
        let f = try #require(failure(try plugin("sleep 300 & echo $! > \(marker.path); wait", timeout: 1)))
        #expect(f.message.contains("did not finish within 1 s"))
        #expect(f.retryable)
        #expect(Date().timeIntervalSince(started) < 30)
        // The plugin's own child went with it.
        let pid = try #require(Int32(String(decoding: try Data(contentsOf: marker), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)))
        usleep(200_000)
        // Gone, or a zombie waiting for init to reap it: either way no longer running.
        let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
        let state = stat.split(separator: ")").last?.split(separator: " ").first.map(String.init)
        #expect(stat.isEmpty || state == "Z", "the plugin's child \(pid) is still running: \(stat)")
    }

    @Test func garbageIsAFailureQuotingIt() throws {
        let f = try #require(failure(try plugin("echo 'Traceback (most recent call last):'")))
        #expect(f.message.contains("not protocol JSON"))
        #expect(f.message.contains("Traceback"))
    }

    @Test func aFloodIsStopped() throws {
        let f = try #require(failure(try plugin("yes '{\"type\":\"progress\",\"message\":\"spam spam spam spam spam spam\"}'")))
        #expect(f.message.contains("flooded"))
    }

    @Test func anEndlessLineIsStopped() throws {
        let f = try #require(failure(try plugin("head -c 3000000 /dev/zero | tr '\\\\0' 'x'")))
        #expect(f.message.contains("longer than"))
    }

    @Test func noResultIsAFailure() throws {
        let f = try #require(failure(try plugin("echo '{\"type\":\"progress\",\"message\":\"working\"}'")))
        #expect(f.message.contains("without a result"))
    }

    @Test func anErrorLineCarriesItsMessageAndRetryability() throws {
        let f = try #require(failure(try plugin("echo '{\"type\":\"error\",\"message\":\"region full\",\"retryable\":true}'")))
        #expect(f.message == "provider 'test': region full")
        #expect(f.retryable)
    }

    @Test func aPluginThatIgnoresItsRequestDoesNotTakeWsDown() throws {
        let p = try plugin("exec 0<&-; echo '{\"type\":\"result\"}'")
        let big = ProviderRequest(action: .apply, type: "thing", name: "t1", params: ["blob": String(repeating: "x", count: 1 << 20)])
        _ = try p.handle(big) { _ in }
    }
}
