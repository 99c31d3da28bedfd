import Foundation

/// Events that arrive from outside this clone (journal lines brought by git,
/// `ws import`) are input like any command's: before they reach the log they
/// pass the checks a command's input gets, so nothing a hand edit or a hostile
/// branch writes can name a path, smuggle control characters into a document,
/// or make every later command fail.
public enum EventValidation {
    /// The largest text field an event may carry (a brief): 1 MiB.
    public static let maxFieldBytes = Limits.brief
    /// The largest clock accepted: beyond it a Lamport clock could no longer count up exactly.
    public static let maxClock: Int64 = 1 << 53

    /// Who recorded an event: one line without '<' or '>', which would make every later git commit
    /// that names them as author impossible.
    public static func actor(_ actor: String) throws(Refusal) {
        // Blank is no name (as `ws start` already said): `ws log --agent " "` recorded an actor nobody is.
        guard !actor.trimmed.isEmpty else {
            throw .invalid("an agent name is needed: pass --agent <name> or set WS_AGENT.")
        }
        try line(actor, what: "agent name", limit: Limits.label)
        try visible(actor, what: "agent name")
        guard !actor.contains(where: { $0 == "<" || $0 == ">" }) else {
            throw .invalid("agent name '\(Text.printable(actor, 40))' holds '<' or '>', which git cannot put in an author; pick another (--agent or WS_AGENT)")
        }
    }

    /// An artifact's value, secret or not: at most `Limits.artifactValue`, no control character but line breaks and tabs.
    public static func artifactValue(_ value: String) throws(Refusal) {
        try text(value, what: "artifact value", limit: Limits.artifactValue)
    }

    /// Checks the envelope and the payload; returns the decoded event.
    public static func validate(eventId: String, stream: String, type: String, schemaVersion: Int, payload: JSONValue,
                                actor: String, time: String, clock: Int64) throws(Refusal) -> WorkstreamEvent {
        try identifier(eventId, what: "event id")
        try Validation.workstreamId(stream)
        try self.actor(actor)
        // An imported line dated 30 February or year 9999 comes from a broken clock or a hand edit.
        guard Timestamp.isEventTime(time) else {
            let years = "\(Timestamp.earliestYear) to \(Timestamp.latestYear)"
            throw .invalid("time '\(Text.clip(time, 40))' is not a real ISO 8601 UTC time (years \(years))")
        }
        guard clock > 0 && clock <= maxClock else { throw .invalid("clock \(clock) is out of range (1 to 2^53)") }
        guard schemaVersion >= 1 && schemaVersion <= EventCodec.currentSchemaVersion else {
            throw .invalid("schema version \(schemaVersion) of '\(Text.clip(type, 40))' is not one this ws reads (1 to \(EventCodec.currentSchemaVersion)); upgrade ws")
        }
        let event: WorkstreamEvent
        do { event = try EventCodec.decode(type: type, json: payload) } catch { throw .invalid(error.description) }
        try content(event)
        return event
    }

    /// A completion's own input (who, summary, next steps, --force and its reason), for `ws complete` to check
    /// before any check runs: the decider would refuse it only after the checks ran and were recorded.
    public static func completion(id: String, actor: String, summary: String?, next: [String], force: Bool,
                                  reason: String?) throws(Refusal) {
        try self.actor(actor)
        if force && (reason ?? "").trimmed.isEmpty { throw .forceNeedsReason(id: id) }
        try content(.completed(.init(summary: summary, next: next, forced: force, reason: force ? reason : nil)))
    }

    /// The payload's fields, as the decider checks a command's.
    static func content(_ event: WorkstreamEvent) throws(Refusal) {
        switch event {
        case .declared(let d):
            try title(d.title)
            try optionalLine(d.phase, what: "phase")
            try optionalLine(d.owner, what: "owner")
            try number(d.estimate, what: "estimate")
        case .detailsChanged(let c):
            if let title = c.title { try self.title(title) }
            try optionalLine(c.phase, what: "phase")
            try optionalLine(c.owner, what: "owner")
            try number(c.estimate, what: "estimate")
            for field in c.clear ?? [] { try line(field, what: "cleared field", limit: Limits.label) }
        case .briefWritten(let b): try text(b.markdown, what: "brief", limit: Limits.brief)
        case .dependencyAdded(let d), .dependencyRemoved(let d): try Validation.workstreamId(d.dependsOn)
        case .taskAdded(let t):
            try Validation.taskId(t.taskId)
            try line(t.text, what: "task text", limit: Limits.taskText)
        case .taskCompleted(let t), .taskReopened(let t): try Validation.taskId(t.taskId)
        case .started(let s), .holderResolved(let s):
            try actor(s.agent)
            try leaseMinutes(s.leaseMinutes)
            if let head = s.head { try commitId(head) }
        case .conflictResolved(let r):
            guard Conflict.Kind(rawValue: r.kind) != nil else { throw .invalid("unknown conflict kind '\(Text.clip(r.kind, 40))'") }
            try identifier(r.keep, what: "kept event id")
            if let name = r.name { try Validation.artifactName(name) }
        case .logged(let l):
            try text(l.message, what: "log message", limit: Limits.message)
            try number(l.hours, what: "hours")
        case .artifactRecorded(let a): try artifact(a)
        case .blocked(let b):
            try line(b.reason, what: "block reason", limit: Limits.reason)
            try seen(b.seen)
        case .unblocked(let u): try seen(u.seen)
        case .completed(let c):
            if let summary = c.summary { try text(summary, what: "summary", limit: Limits.summary) }
            for step in c.next { try line(step, what: "next step", limit: Limits.nextStep) }
            if let reason = c.reason { try line(reason, what: "--force reason", limit: Limits.reason) }
            for name in c.failedChecks { try Validation.checkName(name) }
            if let evidence = c.evidence { try self.evidence(evidence) }
        case .cancelled(let c): try line(c.reason, what: "cancel reason", limit: Limits.reason)
        case .provisionRequested(let r): try requested(r)
        case .provisionSucceeded(let s): try succeeded(s)
        case .provisionFailed(let f): try failed(f)
        case .provisionPlanned(let p): try planned(p)
        case .leaseRenewed(let r):
            try actor(r.agent)
            try leaseMinutes(r.leaseMinutes)
        case .released(let r):
            try actor(r.agent)
            if let reason = r.reason { try line(reason, what: "release reason", limit: Limits.reason) }
        case .takenOver(let t):
            try actor(t.agent)
            try actor(t.previous)
            try leaseMinutes(t.leaseMinutes)
            if let at = t.expiredAt, !Timestamp.isEventTime(at) {
                throw .invalid("expiredAt '\(Text.clip(at, 40))' is not an ISO 8601 UTC time")
            }
            if let reason = t.reason { try line(reason, what: "take-over reason", limit: Limits.reason) }
        case .checkDeclared(let c):
            try Validation.checkName(c.name)
            try line(c.run, what: "check command", limit: Limits.checkCommand)
        case .checkRan(let r):
            try Validation.checkName(r.name)
            try line(r.run, what: "check command", limit: Limits.checkCommand)
            try text(r.output, what: "check output", limit: Limits.checkOutput)
            guard r.durationMs >= 0 else { throw .invalid("a check's duration cannot be negative") }
        }
    }

    /// A git object id: 4 to 64 lower-case hex digits (SHA-1 or SHA-256, maybe abbreviated).
    static func commitId(_ id: String) throws(Refusal) {
        let hex = CharacterSet(charactersIn: "0123456789abcdef")
        guard (4...64).contains(id.count), id.unicodeScalars.allSatisfy({ hex.contains($0) }) else {
            throw .invalid("'\(Text.clip(id, 40))' is not a commit id")
        }
    }

    static func leaseMinutes(_ m: Int?) throws(Refusal) {
        if let m, !Limits.leaseMinutes.contains(m) { throw .invalid("lease of \(m) minutes is out of range (\(Limits.leaseMinutes.lowerBound) to \(Limits.leaseMinutes.upperBound))") }
    }

    /// Commit ids are hex, summaries and paths one line each, and no more of them than a completion records.
    static func evidence(_ e: Evidence) throws(Refusal) {
        guard e.commits.count <= Limits.evidenceItems, e.files.count <= Limits.evidenceItems else {
            throw .invalid("evidence lists more than \(Limits.evidenceItems) commits or files")
        }
        for id in [e.base, e.head].compactMap({ $0 }) + e.commits.map(\.id) { try commitId(id) }
        for c in e.commits {
            try line(c.summary.isEmpty ? "-" : c.summary, what: "commit summary", limit: Limits.reason)
            try line(c.author.isEmpty ? "-" : c.author, what: "commit author", limit: Limits.reason)
        }
        for f in e.files { try line(f, what: "changed file", limit: 4096) }
    }

    static func identifier(_ s: String, what: String) throws(Refusal) {
        let allowed = Validation.alnum.union(CharacterSet(charactersIn: "-_.:"))
        guard !s.isEmpty, s.utf8.count <= 100, s.unicodeScalars.allSatisfy({ allowed.contains($0) }) else {
            throw .invalid("\(what) '\(Text.clip(s, 40))' is not valid: up to 100 letters, digits, '-', '_', '.' or ':'")
        }
    }

    /// One line: no line break, no control character (a title with a newline would add rows
    /// to tables and headings to documents; an escape sequence would reach terminals).
    static func line(_ s: String, what: String, limit: Int) throws(Refusal) {
        guard !s.isEmpty else { throw .invalid("\(what) is empty") }
        guard s.utf8.count <= limit else { throw .invalid("\(what) has \(s.utf8.count) bytes; at most \(Limits.describe(limit)) are accepted") }
        guard !s.unicodeScalars.contains(where: Text.isControl) else {
            throw .invalid("\(what) '\(Text.printable(s, 40))' holds a line break or another control character; it must be one line of text")
        }
    }

    /// A name or a title shows what it holds: no bidirectional marks (which reorder the text around
    /// them on a page or a terminal), and no character that shows nothing (a zero-width no-break
    /// space, tag characters, a Hangul filler), with which two names would look the same.
    static func visible(_ s: String, what: String) throws(Refusal) {
        guard let hidden = s.unicodeScalars.first(where: Text.isInvisible) else { return }
        let code = "U+" + String(hidden.value, radix: 16, uppercase: true)
        throw .invalid("\(what) '\(Text.printable(s, 40))' holds \(code), a bidirectional mark or an invisible "
                       + "character; type it without")
    }

    static func title(_ s: String) throws(Refusal) {
        try line(s, what: "title", limit: Limits.title)
        try visible(s, what: "title")
    }

    static func optionalLine(_ s: String?, what: String) throws(Refusal) {
        if let s { try line(s, what: what, limit: Limits.label) }
    }

    static func text(_ s: String, what: String, limit: Int) throws(Refusal) {
        guard s.utf8.count <= limit else { throw .invalid("\(what) has \(s.utf8.count) bytes; at most \(Limits.describe(limit)) are accepted") }
        // Line breaks and tabs belong in text; other control characters (escape sequences) never do.
        guard !s.unicodeScalars.contains(where: { Text.isControl($0) && !["\n", "\t"].contains($0) }) else {
            throw .invalid("\(what) holds a control character (only line breaks and tabs are accepted)")
        }
    }

    static func number(_ d: Double?, what: String) throws(Refusal) {
        if let d, !(d.isFinite && d >= 0 && d <= 1_000_000) {
            throw .invalid("\(what) must be a finite number from 0 to 1,000,000")
        }
    }
}
