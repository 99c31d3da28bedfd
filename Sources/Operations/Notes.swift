/// What an operation tells a person along the way (a warning, the lines of a provisioning run, its progress),
/// sent where the front end says: operations never print, so `ws mcp` keeps its stdout for JSON-RPC.
public enum Notes {
    /// `out`: a line of the answer (stdout for the CLI); `err`: a warning or progress, which may redraw with \r.
    public typealias Sink = (out: @Sendable (String) -> Void, err: @Sendable (String) -> Void)

    /// Set once by the front end before the first operation, read after: never raced. Until then notes are dropped.
    nonisolated(unsafe) public static var sink: Sink = ({ _ in }, { _ in })

    static func line(_ text: String = "") { sink.out(text + "\n") }
    static func warn(_ text: String) { sink.err(text + "\n") }
}
