/// The sizes ws accepts, the same for a command's input and for a journal line
/// from another clone (`EventValidation`). Each is refused with a message
/// naming the limit; docs/limits.md lists them.
public enum Limits {
    /// One-line fields, in UTF-8 bytes.
    public static let title = 300
    public static let label = 100      // phase, owner, agent, artifact name
    public static let taskText = 1_000
    public static let reason = 2_000   // block, cancel and --force reasons
    public static let nextStep = 2_000
    /// Multi-line fields, in UTF-8 bytes.
    public static let brief = 1 << 20            // 1 MiB: a brief of 8,000 tasks is about 300 KiB
    public static let message = 64 * 1024        // a log entry
    public static let summary = 64 * 1024
    public static let artifactValue = 64 * 1024
    /// A check's command, and the tail of its output an event keeps (the last lines, 4 KiB: enough to
    /// see why it failed, small enough that a hundred runs stay a small journal).
    public static let checkCommand = 4 * 1024
    public static let checkOutput = 4 * 1024
    /// Checks one workstream may have.
    public static let checks = 100
    /// Lease length in minutes: at least 1, at most 30 days.
    public static let leaseMinutes = 1...43_200
    /// Commits and files the evidence of one completion carries (the rest is counted as truncated).
    public static let evidenceItems = 500
    /// Tasks one workstream may have.
    public static let tasks = 10_000
    /// A plan file, and the same plan with every YAML alias expanded (counted in scalar bytes).
    public static let planFile = 16 << 20
    public static let expandedPlan = 32 << 20

    /// "1 MiB", "64 KiB", "300 bytes".
    public static func describe(_ bytes: Int) -> String {
        if bytes >= 1 << 20 && bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
        if bytes >= 1024 && bytes % 1024 == 0 { return "\(bytes >> 10) KiB" }
        return "\(bytes) bytes"
    }
}
