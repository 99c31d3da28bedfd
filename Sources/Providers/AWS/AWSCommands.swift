import Foundation
import WorkstreamKit

/// The aws CLI commands that do what the AWS provider does, as a script that
/// runs top to bottom: every value quoted by `ShellQuote`, the secrets (and
/// the region, when the plan cannot know it) as shell variables declared at
/// the top, the JSON documents inline.
enum AWSCommands {
    struct Line {
        var text: String
        var variables: [String]

        init(_ words: [ShellWord]) {
            text = ShellQuote.line(words)
            variables = words.flatMap(\.parts).compactMap { part in
                if case .variable(let v) = part { return v }
                return nil
            }
        }

        init(text: String, variables: [String]) { self.text = text; self.variables = variables }
    }

    static let purposes = ["AWS_REGION": "the AWS region", "PASSWORD": "the master password", "AUTH_TOKEN": "the Redis AUTH token",
                           "VALUE": "the value of the secret"]

    static func script(_ lines: [Line]) -> [String] {
        var declared: [String] = []
        for v in lines.flatMap(\.variables) where !declared.contains(v) { declared.append(v) }
        return declared.map { ShellQuote.declaration($0, purpose: purposes[$0] ?? "its value") } + lines.map(\.text)
    }

    /// `aws <service> <operation> … --region R`.
    static func aws(_ words: [ShellWord], region: ShellWord) -> Line { Line(["aws"] + words + ["--region", region]) }

    /// A JSON document as one argument (`--server-side-encryption-configuration '{"Rules":[…]}'`).
    static func json(_ value: JSONValue) -> ShellWord { .text(value.canonical) }

    /// A whole number of days, checked before anything is planned or created.
    static func days(_ params: [String: String], _ key: String, resource: String) throws(ProviderFailure) -> Int? {
        guard let text = params[key] else { return nil }
        guard let n = Int(text), n > 0, n <= 36_500 else {
            throw ProviderFailure("aws \(resource): --param \(key) must be a whole number of days from 1 to 36500")
        }
        return n
    }
}
