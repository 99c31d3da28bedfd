/// What an operation tells a person along the way (a warning, the lines of a provisioning run, its
/// progress), sent where the front end says: operations never print, so `ws mcp` keeps its
/// stdout for JSON-RPC and a test can read the notes. Until a front end sets it, notes are dropped.
public enum Notes {
    public struct Sink: Sendable {
        /// A line of the answer, with its newline (standard output for the CLI).
        public var out: @Sendable (String) -> Void
        /// A warning or progress, as written (standard error for the CLI; may redraw a line with \r).
        public var err: @Sendable (String) -> Void

        public init(out: @escaping @Sendable (String) -> Void, err: @escaping @Sendable (String) -> Void) {
            self.out = out
            self.err = err
        }
    }

    /// Set once by the front end before the first operation, read after: never raced.
    nonisolated(unsafe) public static var sink = Sink(out: { _ in }, err: { _ in })

    static func line(_ text: String = "") { sink.out(text + "\n") }
    static func warn(_ text: String) { sink.err(text + "\n") }
}
