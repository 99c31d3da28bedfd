import EventLog
import Foundation
import GitStore
import PostgresStore
import WorkstreamKit

/// Everything a command needs: where the repository and its log are, the
/// ledger over the log, the secret store, the clock and who is acting.
public final class Workspace {
    /// This build's release: `ws --version` and the MCP server's `serverInfo`.
    public static let version = "0.1.0"
    public let location: RepositoryLocation
    public let ledger: Ledger
    public let secrets: SecretStore
    public let environment: [String: String]
    public let config: ProjectConfig
    /// Notes this command already printed (see `firstNote`).
    private var notes: Set<String> = []
    /// False for a call through `ws serve`'s `/mcp` on a shared store: it records events and commits nothing, since
    /// one server commits every event of the store (`TeamPublisher`, docs/mcp.md "Who commits").
    public private(set) var commitsDocuments = true

    public init(location: RepositoryLocation, ledger: Ledger, environment: [String: String], config: ProjectConfig) {
        self.location = location
        self.ledger = ledger
        self.secrets = SecretStore(directory: location.wsDirectory)
        self.environment = environment
        self.config = config
    }

    /// The shared log's connection, given back to `PostgresStorePool` when the workspace ends. Kept aside instead of
    /// cast out of `ledger.store` at the end: that failed cast (on every SQLite log) made the Swift runtime scan every
    /// protocol conformance record of the binary, 3 % of a `ws log` (perf, 100-workstream plan).
    private var pooledStore: PostgresEventStore?

    deinit {
        // In a server that keeps connections (`keepConnections`), the shared log's goes back for the next call.
        if let pooledStore { PostgresStorePool.shared.give(pooledStore) }
    }

    /// Whether `error` says the shared log's connection was lost (a restart, a failover, an idle-connection reaper):
    /// a long-running server opens its workspace again instead of failing every later request.
    public static func lostConnection(_ error: any Error) -> Bool {
        if case PostgresStoreError.unreachable = error { return true }
        return false
    }

    /// For a long-running process (`ws serve`, `ws mcp`): a workspace on a PostgreSQL store reuses an idle
    /// connection instead of connecting and authenticating for every call (`PostgresStorePool`).
    public static func keepConnections() { PostgresStorePool.shared.enable() }

    /// Opens the log of the repository around the current directory. A clone
    /// without a log builds it from the committed journal; events that a merge
    /// or pull brought into the journal are imported; a commit that a crash cut
    /// off is made now.
    /// `readOnly`: the command only answers questions. It may import what git
    /// brought, but never commits or moves a ref (a commit a crash cut off waits for the next writing command).
    /// `join`: `ws init --join`, the person's word that a shared log holding events is this project's.
    /// `throughServer`: a call through `ws serve`'s `/mcp`; on a shared store it neither commits nor catches up.
    public static func open(create: Bool = false, readOnly: Bool = false, join: Bool = false,
                            throughServer: Bool = false) throws -> Workspace {
        let env = ProcessInfo.processInfo.environment
        // A clock ws cannot read would silently make every lease look fresh (and stamp events with garbage).
        // Held to what an imported line is held to: a WS_NOW with a longer fraction would
        // stamp lines every peer refuses.
        if let fixed = env["WS_NOW"], !fixed.isEmpty, !Timestamp.isEventTime(fixed) {
            throw CLIError(code: ExitCodes.usage, message: "WS_NOW='\(Text.clip(fixed, 40))' is not a UTC time like 2026-12-02T10:00:00.000Z; fix or unset it")
        }
        if let wait = env["WS_STORE_LOCK_WAIT"], !(Int(wait).map { (1...3600).contains($0) } ?? false) {
            throw CLIError(code: ExitCodes.usage, message: "WS_STORE_LOCK_WAIT='\(Text.clip(wait, 40))' is not a number of "
                           + "seconds from 1 to 3600 (how long a PostgreSQL writer waits for the append lock); fix or unset it")
        }
        let location = try RepositoryLocation.find(from: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        let config = try ProjectConfig.load(workTree: location.workTree)
        try requireConsentToCommittedStore(config, environment: env, location: location)
        let journalExists = FileManager.default.fileExists(atPath: location.workTree.appendingPathComponent(Journal.folder).path)
        if let url = try postgresURL(environment: env, config: config) {
            // The shared log: made by 'ws init', or from the journal by the first clone that uses it.
            // A long-running server reuses an idle connection (`PostgresStorePool`, given back by `deinit`).
            let store = try PostgresStorePool.shared.take(url)
                ?? PostgresEventStore(url: url, create: create || journalExists)
            let ws = Workspace(location: location, ledger: Ledger(store: store, clone: cloneIdentity(location)), environment: env, config: config)
            ws.pooledStore = store
            if create, !join { try ws.refuseAnotherProjectsLog(store: url.redacted) }
            try ws.replayIfRulesChanged()
            try ws.syncJournal()
            ws.commitsDocuments = !throughServer
            if !readOnly, !throughServer { try Publisher(ws: ws).catchUp { ws.actor(nil) } }
            return ws
        }
        let path = try storePath(location: location, environment: env, config: config)
        let mustCreate = create || (journalExists && !FileManager.default.fileExists(atPath: path))
        if mustCreate { try makeLogFolder(path) }
        let store = try SQLiteEventStore(path: path, create: mustCreate, readOnlyIfUnwritable: readOnly)
        let ws = Workspace(location: location, ledger: Ledger(store: store), environment: env, config: config)
        if store.isReadOnly {
            try ws.warnOfUnimportedJournal()
        } else {
            try ws.replayIfRulesChanged()
            try ws.syncJournal()
        }
        if !readOnly { try Publisher(ws: ws).catchUp { ws.actor(nil) } }
        return ws
    }

    /// `evolve`'s rules as of this release: "lease-cap" caps a lease 30 days past its grant; "fenced-work" reports
    /// the holder's work recorded by others (and completions nobody started) as `fenced` conflicts.
    static let readModelRules = "fenced-work"

    /// Read models projected by an earlier release may hold what this release's rules would not (a lease
    /// past its cap, a `ws renew` without its register): replayed once, so `ws verify` compares like with like.
    public func replayIfRulesChanged() throws {
        guard try ledger.meta(Meta.readModelRules) != Self.readModelRules else { return }
        if try ledger.head().seq > 0 { _ = try ledger.rebuild() }
        try ledger.setMeta(Meta.readModelRules, Self.readModelRules)
    }

    /// Runs a command; with `commit`, also commits the documents (checked first, so a
    /// commit that cannot be made refuses the command before anything is recorded).
    @discardableResult
    public func execute(_ command: Command, actor: String, commit requested: Bool) throws -> CommandOutcome {
        let commit = requested && commitsDocuments
        let publisher = Publisher(ws: self)
        if commit { try publisher.precheck() }
        if environment["WS_TEST_CRASH"] == "before-append" { kill(getpid(), SIGKILL) }
        let outcome = try ledger.execute(command, actor: actor, time: try recordingTime(), requestCommit: commit)
        guard commit, !outcome.events.isEmpty else { return outcome }
        // Test hook: dies the way `kill -9` would, between the append and the commit.
        if environment["WS_TEST_CRASH"] == "after-append" { kill(getpid(), SIGKILL) }
        try publisher.publish(actor: actor)
        return outcome
    }

    /// The folder of a log about to be made; a file system that refuses it is named as the cause
    /// (Foundation's own message is an NSError dump).
    public static func makeLogFolder(_ path: String) throws {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        do { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) } catch {
            // The nearest folder that exists says why: EROFS on a read-only mount, EACCES without permission.
            var existing = folder
            while !FileManager.default.fileExists(atPath: existing.path), existing.path != "/" { existing.deleteLastPathComponent() }
            let cause = access(existing.path, W_OK) != 0 ? String(cString: strerror(errno)) : error.localizedDescription
            throw CLIError(code: ExitCodes.error, message: "there is no log at \(path) yet, and \(existing.path) cannot be written ("
                           + cause + "): the first command run where the repository can be written builds the log from the journal")
        }
    }

    /// The log is the repository's SQLite file unless WS_STORE names another.
    public static func storePath(location: RepositoryLocation, environment: [String: String], config: ProjectConfig) throws -> String {
        guard let url = environment["WS_STORE"].flatMap({ $0.isEmpty ? nil : $0 }) ?? config.store else { return location.logPath }
        if url.hasPrefix("sqlite://") { return String(url.dropFirst("sqlite://".count)) }
        throw CLIError(code: ExitCodes.error, message: "WS_STORE='\(PostgresURL.redact(url))' is not a store URL ws understands: use sqlite:///path/to/log.sqlite or postgres://user@host/db.")
    }

    /// The PostgreSQL URL that WS_STORE (or else the config) names, if it names one.
    /// The config is committed, so its URL may not carry a password: that comes from WS_STORE or PGPASSWORD.
    public static func postgresURL(environment: [String: String], config: ProjectConfig) throws -> PostgresURL? {
        let fromEnvironment = environment["WS_STORE"].flatMap { $0.isEmpty ? nil : $0 }
        guard let text = fromEnvironment ?? config.store, PostgresURL.isPostgres(text) else { return nil }
        var url = try PostgresURL(parsing: text)
        if fromEnvironment == nil && url.password != nil {
            throw CLIError(code: ExitCodes.error, message: ".ws/config.json names a store URL with a password, and that file is committed. "
                           + "Remove the password from it (\(url.redacted)) and set PGPASSWORD, or put the whole URL in WS_STORE.")
        }
        if url.password == nil, let password = environment["PGPASSWORD"], !password.isEmpty { url.password = password }
        return url
    }

    /// Names this clone in a shared log's bookkeeping: each clone commits its own documents.
    public static func cloneIdentity(_ location: RepositoryLocation) -> String {
        (ProcessInfo.processInfo.hostName) + ":" + location.commonDir.path
    }

    /// True the first time this command asks about `key`: a note it prints once however often it gets there.
    public func firstNote(about key: String) -> Bool { notes.insert(key).inserted }

    /// Now, as ISO 8601 UTC with milliseconds; WS_NOW fixes it (demos, golden files).
    public var now: String { Self.now(in: environment) }

    public static func now(in environment: [String: String]) -> String {
        if let fixed = environment["WS_NOW"], !fixed.isEmpty { return fixed }
        return Clock.format(Date())
    }

    /// Who is acting: --agent, else WS_AGENT, else git's user.name, else the login name.
    public func actor(_ explicit: String?) -> String {
        if let explicit, !explicit.isEmpty { return explicit }
        if let v = environment["WS_AGENT"], !v.isEmpty { return v }
        if let name = location.userName(home: environment["HOME"]) { return name }
        for key in ["USER", "LOGNAME"] { if let v = environment[key], !v.isEmpty { return v } }
        return "unknown"
    }

    /// `now`, for an event about to be recorded: refused when it is more than `Timestamp.maxSkewHours` ahead of
    /// this host's clock (a WS_NOW or system clock set years ahead would stamp the log, and hold leases, from there).
    public func recordingTime() throws -> String {
        let time = now
        let host = Clock.format(Date())
        guard let t = Timestamp.millis(time), let h = Timestamp.millis(host),
              t - h > Int64(Timestamp.maxSkewHours) * 3_600_000 else { return time }
        throw CLIError(code: ExitCodes.usage, message: "the time to record, \(time), is more than "
                       + "\(Timestamp.maxSkewHours) hours ahead of this machine's clock (\(host)): "
                       + "nothing was recorded. "
                       + "Fix the clock or WS_NOW.")
    }
}

public enum Clock {
    /// "2026-11-21T10:04:05.123Z", UTC, to the nearest millisecond: `Timestamp.format`'s
    /// arithmetic (no formatter: every append stamps its event, and ICU's set-up costs more than the append).
    public static func format(_ date: Date) -> String {
        Timestamp.format(millis: Int64((date.timeIntervalSince1970 * 1000).rounded()))
    }

    /// Accepts full timestamps and plain dates (taken as the end of that day, UTC).
    public static func parse(_ text: String) -> String? {
        let f = ISO8601DateFormatter()
        f.timeZone = TimeZone(identifier: "UTC")
        for options: ISO8601DateFormatter.Options in [[.withInternetDateTime, .withFractionalSeconds], [.withInternetDateTime]] {
            f.formatOptions = options
            if let d = f.date(from: text) { return format(d) }
        }
        f.formatOptions = [.withFullDate]
        if let d = f.date(from: text) { return format(d.addingTimeInterval(86_400 - 0.001)) }
        return nil
    }
}
