/// Two clones that did not see each other's events can disagree: two agents
/// started one workstream, it was completed on one and cancelled on the other,
/// an artifact got two values. Every clone projects the same set of events in
/// the same total order, so every clone reaches the same outcome by the fixed
/// rules in `WorkspaceState.evolve`; the disagreement itself is kept as a
/// `Conflict` until someone settles it with `ws resolve`.
public struct Conflict: Equatable, Codable, Sendable {
    public enum Kind: String, Codable, CaseIterable, Sendable {
        /// Two agents started it; the first start in the total order holds it.
        case holder
        /// Completed on one clone, cancelled on another; completed wins.
        case closed
        /// Completed twice with different summaries; the first completion stays.
        case completion
        /// One artifact set to two values; the later one in the total order is in force.
        case artifact
        /// Blocked and unblocked (or blocked for two reasons); the later one is in force.
        case block
        /// Declared twice with different details; the first declaration stays.
        case declared
        /// Dependencies added on two clones that together close a cycle.
        case cycle
        /// Work recorded (a completion, a task checked off, an artifact, a block, a decision…) by someone other
        /// than the holder while the holder's lease ran, or a completion with no start; the work stands.
        case fenced
    }

    public var kind: Kind
    /// The artifact's name, for `artifact` conflicts.
    public var name: String?
    /// The competing events, in the total order.
    public var entries: [ConflictEntry]
    /// What is in force now, in words.
    public var outcome: String

    public init(kind: Kind, name: String? = nil, entries: [ConflictEntry], outcome: String) {
        self.kind = kind; self.name = name; self.entries = entries; self.outcome = outcome
    }

    /// The first of several conflicts in one line, and how many more there are.
    public static func summary(of conflicts: [Conflict]) -> String? {
        guard let first = conflicts.first else { return nil }
        return conflicts.count == 1 ? first.summary : "\(first.summary) (+\(conflicts.count - 1) more)"
    }

    /// One line for tables: "holder: started by alice / started by bob; held by alice, who started it first".
    public var summary: String {
        let what = entries.map(\.label).joined(separator: " / ")
        return "\(kind.rawValue)\(name.map { " \($0)" } ?? ""): \(what); \(outcome)"
    }
}

/// One side of a conflict: the event, who recorded it and when, and what it would set.
public struct ConflictEntry: Equatable, Codable, Sendable {
    public var eventId: String
    public var actor: String
    public var time: String
    public var effect: ConflictEffect

    public init(eventId: String, actor: String, time: String, effect: ConflictEffect) {
        self.eventId = eventId; self.actor = actor; self.time = time; self.effect = effect
    }

    public init(_ setter: Setter, effect: ConflictEffect) {
        self.init(eventId: setter.eventId, actor: setter.actor, time: setter.time, effect: effect)
    }

    public var label: String { effect.label(actor: actor) }
}

/// What a competing event sets, so that `ws resolve --keep <event>` can put it back in force.
public enum ConflictEffect: Equatable, Codable, Sendable {
    case holder(String)
    case completed(Completion)
    case cancelled(String)
    case artifact(Artifact)
    /// A block with its reason, or an unblock (nil).
    case block(String?)
    case declared(WorkstreamEvent.Declared)
    /// The edge `from` depends on `to`.
    case dependency(from: String, to: String)
    /// Work fencing reserves to the holder, in words ("checked off task 1"): it stands whichever side is kept.
    case work(String)

    func label(actor: String) -> String {
        switch self {
        case .holder(let agent): return "started by \(agent)"
        case .completed(let c): return "completed by \(actor)" + (c.summary.map { ": \(Text.clip($0, 60))" } ?? "")
        case .cancelled(let reason): return "cancelled by \(actor): \(Text.clip(reason, 60))"
        case .artifact(let a):
            let fingerprint = EventValidation.shown(fingerprint: a.fingerprint)
            return "set by \(actor) to " + (a.secret ? "a secret (\(fingerprint))" : "'\(Text.clip(a.value ?? "", 40))'")
        case .block(let reason?): return "blocked by \(actor): \(Text.clip(reason, 60))"
        case .block(nil): return "unblocked by \(actor)"
        case .declared(let d): return "declared by \(actor) as '\(Text.clip(d.title, 60))'"
        case .dependency(let from, let to): return "\(from) → \(to) added by \(actor)"
        case .work(let what): return "\(what) by \(actor)"
        }
    }
}

/// Which event last set a value (the holder, the block, an artifact): a new
/// event names the setter it saw, so one that did not see it is known to be concurrent.
public struct Setter: Equatable, Codable, Sendable {
    public var eventId: String
    public var actor: String
    public var time: String
    /// Only in the register of a settled `fenced` conflict: the event kept and the conflict's sides, so that a
    /// different settlement made concurrently on another clone can raise the conflict again.
    public var kept: String?
    public var sides: [ConflictEntry]?
    public init(eventId: String, actor: String, time: String, kept: String? = nil, sides: [ConflictEntry]? = nil) {
        self.eventId = eventId; self.actor = actor; self.time = time; self.kept = kept; self.sides = sides
    }
}

/// The keys of `Workstream.setters`.
public enum Register {
    public static let holder = "holder"
    public static let closed = "closed"
    public static let block = "block"
    public static let declared = "declared"
    /// When the holder's lease was granted or last renewed with `ws renew` (only its time is used).
    public static let lease = "lease"
    /// The settlement of the latest `fenced` conflict (see `Setter.kept`).
    public static let fencedSettled = "settled:fenced"
    /// The latest task added (its id in `Setter.kept`): one added already done is checked off by the same batch.
    public static let taskAdded = "task-added"
    public static func artifact(_ name: String) -> String { "artifact:" + name }
    public static func dependency(_ to: String) -> String { "dep:" + to }
}

public enum Text {
    /// Control characters (C0, DEL, C1), and the Unicode line and paragraph separators and bidirectional
    /// overrides, which rearrange how a terminal or a page shows the text around them.
    public static func isControl(_ u: Unicode.Scalar) -> Bool {
        u.value < 0x20 || (0x7F...0x9F).contains(u.value) || u.value == 0x2028 || u.value == 0x2029
            || (0x202A...0x202E).contains(u.value) || (0x2066...0x2069).contains(u.value)
    }

    /// Bidirectional marks and controls (beyond `isControl`'s), and characters that show nothing:
    /// word joiner, zero-width no-break space, tag characters, interlinear annotations, Hangul fillers;
    /// and Unicode's noncharacters (U+FDD0–U+FDEF, and U+FFFE and U+FFFF of every plane), which stand for
    /// nothing and which XML refuses outright (a title with U+FFFE made `ws graph --format svg` ill-formed).
    public static func isInvisible(_ u: Unicode.Scalar) -> Bool {
        isControl(u) || [0x200E, 0x200F, 0x061C, 0x2060, 0xFEFF, 0x3164, 0x115F, 0x1160].contains(u.value)
            || (0xE0000...0xE007F).contains(u.value) || (0xFFF9...0xFFFB).contains(u.value)
            || (0xFDD0...0xFDEF).contains(u.value) || u.value & 0xFFFE == 0xFFFE
    }

    /// For messages: control characters shown as `\u{…}`, at most `limit` characters.
    public static func printable(_ s: String, _ limit: Int) -> String {
        var out = ""
        for u in s.unicodeScalars {
            out += isInvisible(u) ? "\\u{\(String(u.value, radix: 16))}" : String(u)
            if out.count >= limit { return String(out.prefix(limit - 1)) + "…" }
        }
        return out
    }

    /// At most `limit` characters, with an ellipsis when cut; line breaks become spaces.
    public static func clip(_ s: String, _ limit: Int) -> String {
        let flat = s.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
        return flat.count <= limit ? flat : String(flat.prefix(limit - 1)) + "…"
    }
}
