import Foundation
import Testing

/// The sandbox every test target starts from: a fresh git repository on branch main, in a
/// folder of its own under the temporary directory. The caller removes the folder when done.
public enum TemporaryRepository {
    /// `environment` is what `git init` runs with (default: `Git.isolated`, nothing from the machine).
    public static func create(prefix: String, environment: [String: String]? = nil) throws -> URL {
        let name = "\(prefix)-\(UUID().uuidString.prefix(8))"
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try Git.output(["init", "-q", "-b", "main"], in: dir, environment: environment ?? Git.isolated(home: dir))
        return dir
    }

    /// Writes `text` to `path` below `dir`, making the folders on the way.
    public static func write(_ text: String, to path: String, in dir: URL) throws {
        let url = dir.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }
}
