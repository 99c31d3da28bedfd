import Foundation

/// Shapes of names ws accepts. Ids end up in file names, Mermaid node ids and
/// shell variables, so they are kept to characters safe in all three.
public enum Validation {
    public static func workstreamId(_ id: String) throws(Refusal) {
        guard matches(id, first: alnum, rest: alnum.union(CharacterSet(charactersIn: "._-"))), id.count <= 64 else {
            throw .invalid("'\(Text.printable(id, 80))' is not a valid workstream id: use letters, digits, '.', '_' or '-', starting with a letter or digit (at most 64).")
        }
    }

    public static func taskId(_ id: String) throws(Refusal) {
        guard matches(id, first: alnum, rest: alnum.union(CharacterSet(charactersIn: "._-"))), id.count <= 32 else {
            throw .invalid("'\(Text.printable(id, 80))' is not a valid task id: use letters, digits, '.', '_' or '-' (for example 4.1).")
        }
    }

    public static func artifactName(_ name: String) throws(Refusal) {
        // An environment variable's name: 200,000 letters were accepted, and every later check of the workstream
        // failed to start ("Argument list too long": Linux holds one variable to 128 KiB).
        guard name.utf8.count <= Limits.label else {
            throw .invalid("an artifact name is at most \(Limits.label) bytes; '\(Text.printable(name, 40))' has "
                           + "\(name.utf8.count)")
        }
        let letters = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_")
        guard matches(name, first: letters, rest: letters.union(CharacterSet(charactersIn: "0123456789"))) else {
            throw .invalid("'\(Text.printable(name, 80))' is not a valid artifact name: use letters, digits and '_', not starting with a digit (it becomes an environment variable).")
        }
        guard !ReservedVariables.isReserved(name) else { throw .reservedVariable(name) }
    }

    /// A check's name is a short line of text ("PostgreSQL cluster online"), as in the seeds' verification tables.
    public static func checkName(_ name: String) throws(Refusal) {
        guard !name.trimmed.isEmpty else { throw .invalid("a check needs a name.") }
        try EventValidation.line(name, what: "check name", limit: Limits.label)
    }

    public static func agent(_ agent: String) throws(Refusal) {
        guard !agent.trimmed.isEmpty else { throw .invalid("an agent name is needed: pass --agent <name> or set WS_AGENT.") }
        try EventValidation.actor(agent)
    }

    static let alnum = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")

    static func matches(_ s: String, first: CharacterSet, rest: CharacterSet) -> Bool {
        guard let head = s.unicodeScalars.first, first.contains(head) else { return false }
        return s.unicodeScalars.dropFirst().allSatisfy { rest.contains($0) }
    }
}
