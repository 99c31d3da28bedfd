import Foundation
@testable import GitStore
import TestSupport
import Testing

/// `ws serve --push`'s remote: only a configured remote's name is taken, and its URL's password never comes back in a
/// message, wherever git (or the remote, through git) repeats it.
@Suite struct GitRemoteTests {
    static func repository(remoteURL: String) throws -> URL {
        let dir = try TemporaryRepository.create(prefix: "ws-remote")
        try Git.output(["remote", "add", "origin", remoteURL], in: dir, environment: Git.isolated(home: dir))
        return dir
    }

    @Test func onlyARemoteOfTheCloneByItsName() throws {
        let dir = try Self.repository(remoteURL: "/nowhere/origin.git")
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try GitRemote(name: "origin", workTree: dir).name == "origin")
        for name in ["", "-x", "--upload-pack=touch /tmp/owned", "two words", "line\nbreak", "upstream",
                     "/nowhere/origin.git"] {
            #expect(throws: GitRemote.Failure.self, "\(name)") { try GitRemote(name: name, workTree: dir) }
        }
    }

    @Test func theURLsPasswordIsMaskedWhereverItComesBack() throws {
        // Port 9 (discard) on loopback: nothing listens, so the fetch fails at once, naming the URL.
        let dir = try Self.repository(remoteURL: "http://bob:S3cr%21tPW@127.0.0.1:9/team.git")
        defer { try? FileManager.default.removeItem(at: dir) }
        let remote = try GitRemote(name: "origin", workTree: dir)
        do {
            _ = try remote.fetch(branch: "main")
            Issue.record("a fetch from a port nothing listens on succeeded")
        } catch let failure as GitRemote.Failure {
            #expect(!failure.description.contains("S3cr"), "\(failure.description)")
        }
        // A remote's own text echoing the credentials, encoded or not.
        let echoed = remote.redacted("remote: creds were bob:S3cr!tPW and bob:S3cr%21tPW; see https://bob:x@h/")
        #expect(!echoed.contains("S3cr") && !echoed.contains(":x@"), "\(echoed)")
    }
}
