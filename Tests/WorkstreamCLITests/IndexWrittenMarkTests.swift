import Foundation
import Testing

/// ws skips the index checksum only for the index file it wrote itself (`IndexWrittenMark`): same inode, size,
/// modification time and checksum. An index anyone else wrote since (git, an editor) is checksummed as before,
/// and one whose checksum is wrong is refused (as libgit2 refuses it), never blessed with a fresh checksum.
@Suite struct IndexWrittenMarkTests {
    func tracedComplete(_ box: Sandbox, _ id: String) throws -> String {
        try box.ws("new", id, "--title", "Work \(id)").check()
        try box.ws("start", id).check()
        return try box.ws("complete", id, env: ["WS_TRACE": "1"]).check().stderr
    }

    @Test func onlyTheIndexWsWroteGoesUnchecksummed() throws {
        let box = try Sandbox()
        try box.ws("init").check()
        _ = try tracedComplete(box, "A1")
        #expect(try tracedComplete(box, "A2").contains("read index (as ws wrote it)"))
        // git rewrites the index: the next splice checksums it.
        try box.write("notes.txt", "a person's file\n")
        try box.git("add", "notes.txt")
        let afterGit = try tracedComplete(box, "A3")
        #expect(afterGit.contains("read index\n") || afterGit.hasSuffix("read index"), "\(afterGit)")
        #expect(!afterGit.contains("as ws wrote it"))
        #expect(try tracedComplete(box, "A4").contains("read index (as ws wrote it)"))
        // The same size, another byte and a new modification time: checksummed, found wrong, and refused as
        // libgit2 refuses it; the damaged index is never spliced and written back under a fresh checksum.
        let index = box.root.appendingPathComponent(".git/index")
        var bytes = try Data(contentsOf: index)
        bytes[40] ^= 0x01
        Thread.sleep(forTimeInterval: 0.01)
        try bytes.write(to: index)
        try box.ws("new", "A5", "--title", "Work A5").check()
        let refused = try box.ws("start", "A5", env: ["WS_TRACE": "1"])
        #expect(refused.stderr.contains("checksum does not match"), "\(refused.stderr)")
        #expect(!refused.stderr.contains("as ws wrote it"))
        #expect(try Data(contentsOf: index) == bytes, "the damaged index was rewritten")
    }
}
