import EventLog
import WorkstreamKit

/// `ws status`: every workstream with its status, leases judged stale as of the question;
/// now (with the conflicts and quarantined lines to mention), or as of a point in the log (`--at`).
public struct StatusOutcome {
    public var summaries: [WorkstreamSummary]
    public var at: String?
    public var conflicts: [ConflictReport] = []
    public var quarantined = 0

    public var text: String {
        if summaries.isEmpty { return "no workstreams yet: 'ws new' or 'ws plan apply' declares them" }
        var lines = [Output.statusTable(summaries), "", Output.tally(summaries) + (at.map { " (as of \($0))" } ?? "")]
        if !conflicts.isEmpty {
            let named = conflicts.map { "\($0.conflict.kind.rawValue) on \($0.workstream)" }.joined(separator: ", ")
            lines.append("\(conflicts.count) conflict\(conflicts.count == 1 ? "" : "s") between clones (\(named)): "
                         + "see 'ws conflicts'")
        }
        if quarantined > 0 {
            lines.append("\(quarantined) journal line\(quarantined == 1 ? " was" : "s were") not imported: see 'ws verify'")
        }
        return lines.joined(separator: "\n")
    }
}

/// `ws history` and the board's `/api/events`: the events of the log, or of one workstream.
public struct HistoryOutcome {
    public var events: [RecordedEvent]

    /// The export's own line for each event: `data` is the stored payload itself, not a re-encoding.
    public var jsonText: String { "[" + events.map(ExportFormat.line).joined(separator: ",\n") + "]" }

    public var text: String {
        if events.isEmpty { return "no events" }
        return Output.table(["SEQ", "TIME", "STREAM", "TYPE", "ACTOR", "DATA"], events.map {
            [String($0.seq), $0.time, $0.stream, $0.type, $0.actor, String($0.payload.prefix(80))]
        })
    }
}

extension Workspace {
    /// `ws show`: the workstream as the log has it now, or as of `at` (a sequence number or a time).
    public func show(_ id: String, at: String? = nil) throws -> WorkstreamView {
        guard let at else {
            let d = try ledger.detail(id)
            var view = WorkstreamView(d.workstream, summary: d.summary, dependents: d.dependents.map(\.id),
                                      devlog: d.devlog)
            view.markStale(now: now)
            return view
        }
        let replayed = try ledger.replay(upTo: try sequence(at: at))
        guard let w = replayed.state[id], let summary = replayed.state.summary(of: id) else {
            throw Refusal.unknownWorkstream(id)
        }
        var past = WorkstreamView(w, summary: summary, dependents: replayed.state.dependents(of: id),
                                  devlog: replayed.devlog.filter { $0.workstream == id })
        // A time is the clock the lease is judged at; a sequence number has no clock, so no lease is called stale.
        past.markStale(now: Int64(at) == nil ? Clock.parse(at) ?? "" : "")
        return past
    }

    /// `at`: a sequence number or a time (see `sequence(at:)`); without it, the log's head.
    /// `notes`: also look up the conflicts and quarantined lines the text mentions (not for `--json`'s 10,000 rows).
    public func status(at: String? = nil, notes: Bool = true) throws -> StatusOutcome {
        guard let at else {
            var status = StatusOutcome(summaries: try ledger.summaries(), at: nil)
            status.summaries.markStale(now: now)
            if notes && !status.summaries.isEmpty {
                status.conflicts = try ConflictListing.reports(self)
                status.quarantined = try quarantineReport().count
            }
            return status
        }
        var summaries = try ledger.replay(upTo: try sequence(at: at)).state.summaries
        // Stale as of the time `at` names; a sequence number names no time.
        if Int64(at) == nil, let asOf = Clock.parse(at) { summaries.markStale(now: asOf) }
        return StatusOutcome(summaries: summaries, at: at)
    }

    /// `since`: a sequence number or a time (`ws history --since`), read once the workstream is known.
    /// `limit`: at most this many events (the board's `/api/events?limit=`).
    public func history(of stream: String? = nil, since: String? = nil, limit: Int? = nil) throws -> HistoryOutcome {
        if let stream, !(try ledger.exists(stream)) { throw Refusal.unknownWorkstream(stream) }
        let after = try since.map { try Int64($0) ?? sequence(at: $0) } ?? 0
        let events = try ledger.history(stream: stream, after: after)
        return HistoryOutcome(events: limit.map { Array(events.prefix(max($0, 0))) } ?? events)
    }

    /// `--at` and `--since`: a sequence number, or a time (the last event at or before it).
    public func sequence(at text: String) throws -> Int64 {
        if let seq = Int64(text), seq >= 0 { return seq }
        guard let time = Clock.parse(text) else {
            throw CLIError(code: ExitCodes.error, message: "'\(text)' is neither an event sequence number nor a time "
                           + "(e.g. 2026-11-21 or 2026-11-21T14:00:00Z).")
        }
        return try ledger.sequence(atOrBefore: time)
    }
}
