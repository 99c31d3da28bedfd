/// What can go wrong in a store, typed so the CLI can pick the exit code and
/// say what to do.
public enum EventStoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A stale writer: the stream moved on since it was read.
    case versionConflict(stream: String, expected: Int64, actual: Int64)
    /// The same event id was appended before with a different content.
    case eventIdReused(String)
    case notInitialized(path: String)
    case notALog(path: String, detail: String)
    case newerSchema(path: String, found: Int, supported: Int)
    case diskFull(path: String)
    case corrupt(path: String, detail: String)
    case importRejected(line: Int, detail: String)
    case io(String)

    public var description: String {
        switch self {
        case .versionConflict(let s, let e, let a):
            return "\(s) changed while this command ran (expected version \(e), found \(a)). Run the command again."
        case .eventIdReused(let id):
            return "event id \(id) is already stored with different content; refusing to record a second fact under one id."
        case .notInitialized(let p):
            return "no ws log at \(p). Run 'ws init' in this repository first."
        case .notALog(let p, let d):
            return "\(p) is not a ws log (\(d)). Nothing was changed. Move it away: the next ws command rebuilds the log from the committed journal (.ws/journal), or run 'ws init' and 'ws import <export>'."
        case .newerSchema(let p, let f, let s):
            return "the log at \(p) has schema version \(f); this ws understands up to \(s). Upgrade ws."
        case .diskFull(let p):
            return "the disk holding \(p) is full: nothing was recorded, and everything recorded before is intact. Free some space and run the command again."
        case .corrupt(let p, let d):
            return "the log at \(p) is damaged (\(d)). Nothing was changed. Move it away: the next ws command rebuilds the log from the committed journal (.ws/journal), or run 'ws init' and 'ws import <export>'."
        case .importRejected(let line, let d):
            return "import line \(line): \(d). Nothing was imported."
        case .io(let d):
            return d
        }
    }
}
