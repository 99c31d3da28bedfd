/// Small facts about this clone's log that are not events: how far it has
/// been committed to git, and at which HEAD the journal was last read.
public enum Meta {
    public static let commitRequested = "commit_requested_seq"
    public static let committed = "committed_seq"
    public static let journalHead = "journal_synced_head"
    /// The version of `evolve`'s rules the read models were projected with (see `Workspace.replayIfRulesChanged`).
    public static let readModelRules = "read_model_rules"
    /// Journal lines that were not imported (JSON), reported by every command until they leave the journal.
    public static let quarantine = "journal_quarantine"
    /// Set when the next commit must render every document and journal (lines in an old form, quarantined or doubled lines).
    public static let fullPublish = "full_publish_requested"
    /// The blob id of each journal file at the last look (JSON): only files that changed are read again.
    public static let journalBlobs = "journal_blobs"
    /// "1" when the last pull moved HEAD forward from the commit this clone had synced: the documents
    /// in HEAD then still fit every workstream the imported events do not touch (incremental publishing).
    public static let pulledForward = "pulled_forward"
    /// "<commit> <seq>": the commit HEAD was at when a publish last left every generated file as the log renders
    /// it through event `seq`. After a history rewrite, only the files whose blobs differ from it are rendered again.
    public static let publishedCommit = "published_commit"
    /// "1" when HEAD stopped descending from the commit last looked at (an amend, a rebase, a reset) and
    /// the next publish must compare HEAD's generated files with `publishedCommit`'s.
    public static let historyRewritten = "history_rewritten"
}
