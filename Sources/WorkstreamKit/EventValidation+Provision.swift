/// The payload checks of provisioning events and fingerprints, apart for length. Every field here
/// reaches a document, `ws show` or `ws env` (a secret's fingerprint is printed inside a comment
/// line of `ws env`), so none may carry a line break where one line is printed.
extension EventValidation {
    /// What `SecretStore.fingerprint(of:)` writes: "hmac-sha256:" and 16 lower-case hex digits.
    public static let fingerprintPrefix = "hmac-sha256:"
    static let fingerprintDigits = 16

    public static func isFingerprint(_ s: String) -> Bool {
        guard s.hasPrefix(fingerprintPrefix) else { return false }
        let digits = s.utf8.dropFirst(fingerprintPrefix.utf8.count)
        return digits.count == fingerprintDigits
            && digits.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    public static func fingerprint(_ s: String, of what: String) throws(Refusal) {
        guard isFingerprint(s) else {
            throw .invalid("the fingerprint of \(Text.printable(what, 80)) '\(Text.printable(s, 40))' is not one ws writes "
                           + "('\(fingerprintPrefix)' and \(fingerprintDigits) lower-case hex digits)")
        }
    }

    /// A fingerprint as printed: the log's text only when it has the shape ws writes (a log from
    /// before the check may hold anything), so no printed line ever carries a hostile fingerprint.
    public static func shown(fingerprint: String?) -> String {
        guard let fingerprint else { return "no fingerprint" }
        return isFingerprint(fingerprint) ? fingerprint : "unreadable fingerprint"
    }

    static func artifact(_ a: WorkstreamEvent.ArtifactRecorded) throws(Refusal) {
        try Validation.artifactName(a.name)
        if let value = a.value { try text(value, what: "artifact value", limit: Limits.artifactValue) }
        if a.secret && a.value != nil {
            throw .invalid("secret artifact \(a.name) carries a value; journals never hold secret values")
        }
        if let f = a.fingerprint { try fingerprint(f, of: a.name) }
        try seen(a.seen)
    }

    /// The id of the event a writer saw: "" for none, else an event id.
    static func seen(_ s: String?) throws(Refusal) {
        if let s, !s.isEmpty { try identifier(s, what: "seen event id") }
    }

    // A provider's words (errors, commands, outputs) were never held to the artifact limits: only the largest
    // field's, so no outcome a provider gives is refused for its length and left unrecorded.
    static func requested(_ r: WorkstreamEvent.ProvisionRequested) throws(Refusal) {
        try identifier(r.key, what: "provisioning key")
        try ProvisionRules.check(r.resource)
        try parameters(r.params)
        for (name, f) in r.secretParams {
            try line(name, what: "parameter name", limit: Limits.label)
            try fingerprint(f, of: name)
        }
    }

    static func succeeded(_ s: WorkstreamEvent.ProvisionSucceeded) throws(Refusal) {
        try identifier(s.key, what: "provisioning key")
        try ProvisionRules.check(s.resource)
        // Outputs become artifacts: a denied name (`ReservedVariables`) is refused here as a recorded one is.
        for name in s.outputs.keys.sorted() + s.secrets.keys.sorted() {
            try line(name, what: "output name", limit: Limits.label)
            try Validation.artifactName(s.resource.artifactName(for: name))
        }
        for value in s.outputs.values { try text(value, what: "output value", limit: maxFieldBytes) }
        for (name, f) in s.secrets { try fingerprint(f, of: name) }
        try commands(s.commands)
    }

    static func failed(_ f: WorkstreamEvent.ProvisionFailed) throws(Refusal) {
        try identifier(f.key, what: "provisioning key")
        try ProvisionRules.check(f.resource)
        try text(f.message, what: "provisioning error", limit: maxFieldBytes)
    }

    static func planned(_ p: WorkstreamEvent.ProvisionPlanned) throws(Refusal) {
        try ProvisionRules.check(p.resource)
        try parameters(p.params)
        try commands(p.commands)
    }

    static func parameters(_ params: [String: String]) throws(Refusal) {
        for (name, value) in params {
            try line(name, what: "parameter name", limit: Limits.label)
            try text(value, what: "parameter value", limit: maxFieldBytes)
        }
    }

    static func commands(_ commands: [String]) throws(Refusal) {
        for c in commands { try text(c, what: "provisioning command", limit: maxFieldBytes) }
    }
}
