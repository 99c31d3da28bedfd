import Foundation
import Operations

/// Reads MCP's stdio transport one line at a time, straight from a descriptor,
/// with the line limit enforced while reading: a line longer than the limit is
/// discarded up to its newline as it arrives, so a 50 MB line costs one read
/// buffer, never 50 MB (`readLine` would have held all of it, several times over).
final class MCPLineReader {
    enum Line: Equatable {
        /// The bytes of one line, without its newline; not yet known to be UTF-8.
        case bytes([UInt8])
        /// A line of more than the limit: how many bytes it had (all of them were dropped).
        case tooLong(Int)
    }

    private let input: Int32
    private let limit: Int
    private var buffer = [UInt8](repeating: 0, count: 64 * 1024)
    private var start = 0
    private var end = 0
    private var atEnd = false

    init(input: Int32, limit: Int) {
        self.input = input
        self.limit = limit
    }

    /// The next line, or nil at the end of the input. A last line without a newline counts.
    func next() -> Line? {
        var line: [UInt8] = []
        var dropped = 0
        while true {
            if start == end {
                guard fill() else {
                    if dropped > 0 { return .tooLong(dropped) }
                    return line.isEmpty ? nil : .bytes(line)
                }
            }
            let chunk = buffer[start..<end]
            let newline = chunk.firstIndex(of: UInt8(ascii: "\n"))
            let piece = chunk[start..<(newline ?? end)]
            start = newline.map { $0 + 1 } ?? end
            if dropped > 0 || line.count + piece.count > limit {
                dropped += line.count + piece.count
                line.removeAll(keepingCapacity: false)
            } else {
                line.append(contentsOf: piece)
            }
            if newline != nil { return dropped > 0 ? .tooLong(dropped) : .bytes(line) }
        }
    }

    /// Reads what is there into the empty buffer; false at the end of the input or on an error.
    private func fill() -> Bool {
        guard !atEnd else { return false }
        while true {
            let n = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { atEnd = true; return false }
            start = 0
            end = n
            return true
        }
    }
}
