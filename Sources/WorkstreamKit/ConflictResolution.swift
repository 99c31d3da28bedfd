/// The rule of `ws resolve <id> --keep <event>`: the event must be one side of
/// an unsettled conflict; the resolution is an event itself, so it reaches every
/// clone and settles the conflict there too.
enum ConflictResolution {
    static func events(id: String, kind: Conflict.Kind?, name: String?, keep: String, state: WorkspaceState) throws(Refusal) -> [PendingEvent] {
        guard let w = state[id] else { throw .unknownWorkstream(id) }
        let candidates = w.conflicts.filter { c in (kind == nil || c.kind == kind) && (name == nil || c.name == name) }
        guard !candidates.isEmpty else {
            throw .noConflict(id: id, kind: kind?.rawValue, open: w.conflicts.map { $0.kind.rawValue + ($0.name.map { " \($0)" } ?? "") })
        }
        // The kept event picks the conflict when the options leave several.
        guard let conflict = candidates.first(where: { $0.entries.contains { $0.eventId == keep } }) else {
            throw .notASide(id: id, keep: keep, sides: candidates.flatMap { $0.entries.map(\.eventId) })
        }
        // A holder is settled by naming the agent (and the holder seen): see `Workstream.resolveHolder`.
        if conflict.kind == .holder, let side = conflict.entries.first(where: { $0.eventId == keep }),
           case .holder(let agent) = side.effect {
            let settled = WorkstreamEvent.Started(agent: agent, seen: w.seen(Register.holder))
            return [PendingEvent(stream: id, event: .holderResolved(settled))]
        }
        let resolved = WorkstreamEvent.ConflictResolved(kind: conflict.kind.rawValue, name: conflict.name, keep: keep)
        return [PendingEvent(stream: id, event: .conflictResolved(resolved))]
    }
}
