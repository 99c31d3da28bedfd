import Operations
import WorkstreamKit

/// A tool call's `arguments`, read by name and type. A missing or mistyped
/// argument is a tool result with `isError` (kind `invalid_arguments`), so
/// the agent sees what to fix, as the schema in `tools/list` says it.
struct MCPArguments {
    let fields: [String: JSONValue]
    let tool: String
    /// Who called: over HTTP, the agent the request's token names, who is the only one it may act as.
    var caller: MCPCaller = .local

    struct Invalid: Error { var message: String }

    func string(_ key: String) throws -> String {
        guard let value = try optionalString(key) else { throw Invalid(message: "\(tool) needs \"\(key)\" (a string).") }
        return value
    }

    func optionalString(_ key: String) throws -> String? {
        guard let value = fields[key], value != .null else { return nil }
        guard let text = value.string else { throw Invalid(message: "\"\(key)\" of \(tool) must be a string.") }
        return text
    }

    func bool(_ key: String) throws -> Bool {
        guard let value = fields[key], value != .null else { return false }
        guard let flag = value.bool else { throw Invalid(message: "\"\(key)\" of \(tool) must be true or false.") }
        return flag
    }

    func int(_ key: String, default fallback: Int, range: ClosedRange<Int>) throws -> Int {
        guard let value = fields[key], value != .null else { return fallback }
        guard let n = value.int, range.contains(Int(n)) else {
            throw Invalid(message: "\"\(key)\" of \(tool) must be a whole number from \(range.lowerBound) to \(range.upperBound).")
        }
        return Int(n)
    }

    /// A whole number or nothing; its range is the decider's to rule, as for the CLI's option.
    func optionalInt(_ key: String) throws -> Int? {
        guard let value = fields[key], value != .null else { return nil }
        guard let n = value.int, let whole = Int(exactly: n) else { throw Invalid(message: "\"\(key)\" of \(tool) must be a whole number.") }
        return whole
    }

    func double(_ key: String) throws -> Double? {
        guard let value = fields[key], value != .null else { return nil }
        guard let n = value.double else { throw Invalid(message: "\"\(key)\" of \(tool) must be a number.") }
        return n
    }

    func strings(_ key: String) throws -> [String] {
        guard let value = fields[key], value != .null else { return [] }
        guard let items = value.array, items.allSatisfy({ $0.string != nil }) else {
            throw Invalid(message: "\"\(key)\" of \(tool) must be an array of strings.")
        }
        return items.compactMap(\.string)
    }
}
