import Foundation
import Operations
import WorkstreamKit

/// The CLI's writes: a line, a note on stderr, one JSON document for scripts.
extension Output {
    static func json<T: Encodable>(_ value: T) throws {
        var bytes = [UInt8](try CanonicalJSON.encode(value))
        bytes.append(0x0A)
        raw(1, bytes)
    }

    /// A listing's JSON, from its hand-made writer, and a newline. The process ends right after a
    /// listing; releasing ten thousand summaries object by object would cost more than printing them
    /// (about a sixth of `ws blocked --json`), so the listing is kept instead.
    static func jsonLine(_ buffer: JSONBuffer, keeping listing: Any) {
        buffer.append(0x0A)
        write(buffer)
        keptUntilExit.append(listing)
    }

    nonisolated(unsafe) private static var keptUntilExit: [Any] = []

    /// Straight to file descriptor 1 with write(2): a listing of ten thousand
    /// workstreams is megabytes, not worth a copy into Data.
    static func write(_ buffer: JSONBuffer) {
        buffer.withBytes { raw(1, UnsafeRawBufferPointer($0)) }
    }

    static func line(_ text: String = "") {
        raw(1, Array((text + "\n").utf8))
    }

    static func error(_ text: String) {
        raw(2, Array((text + "\n").utf8))
    }

    /// `bytes` to descriptor `fd` with write(2). Foundation's `FileHandle.write(_:)` traps on a reader that went
    /// away (`ws env W1 | head` died with "try! ... Broken pipe" and a stack trace: red team); here EPIPE ends
    /// the output quietly, as for any Unix filter.
    static func raw(_ fd: Int32, _ bytes: [UInt8]) {
        bytes.withUnsafeBytes { raw(fd, $0) }
    }

    static func raw(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) { writeAll(fd, bytes) }
}
