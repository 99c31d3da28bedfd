import Foundation

/// A cloud recipe's steps as people read and run them: POSIX-shell lines,
/// top to bottom. Values known now are quoted in place; a value known only
/// later is a shell variable — a secret (`"$PASSWORD"`) is declared at the
/// top (`: "${PASSWORD:?set PASSWORD to …}"`), an output of an earlier step
/// is captured by that step (`ID=$(doctl … --output json | jq -r '.[0].id')`).
struct CloudScript {
    /// The declarations, then one line per step.
    let lines: [String]
    /// One line per step, in step order (what progress shows while it runs).
    let stepLines: [String]

    init(steps: [CloudCLIProvider.Step], values: [String: String], secret: Set<String>, params: [ParameterSpec]) {
        let captured = Set(steps.compactMap(\.capture))
        var declared: [String] = []
        var lines: [String] = []
        for step in steps {
            var words: [ShellWord] = []
            for word in step.argv {
                var parts: [ShellWord.Part] = []
                for piece in CloudTemplate.pieces(word) {
                    switch piece {
                    case .text(let t): parts.append(.text(t))
                    case .key(let key):
                        if !secret.contains(key) && !captured.contains(key), let v = values[key] { parts.append(.text(v)); continue }
                        if !captured.contains(key) && !declared.contains(key) { declared.append(key) }
                        parts.append(.variable(ShellQuote.variableName(key)))
                    }
                }
                words.append(ShellWord(parts))
            }
            var line = ShellQuote.line(words)
            if let key = step.capture, let path = step.outputs.first(where: { $0.0 == key })?.1 {
                let jq = path.hasPrefix(".") ? path : "." + path
                line = "\(ShellQuote.variableName(key))=$(\(line) | jq -r \(ShellQuote.quote(jq)))"
            }
            lines.append(line)
        }
        let declarations = declared.map { key in
            ShellQuote.declaration(ShellQuote.variableName(key), purpose: params.first { $0.name == key }?.summary ?? "the \(key)")
        }
        self.stepLines = lines
        self.lines = declarations + lines
    }
}

/// `{param}` placeholders in a recipe's words. The template is parsed, never the
/// values: a value holding `{other}` stays as it is.
enum CloudTemplate {
    enum Piece: Equatable {
        case text(String)
        case key(String)
    }

    static func pieces(_ word: String) -> [Piece] {
        var out: [Piece] = []
        var rest = Substring(word)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            if open > rest.startIndex { out.append(.text(String(rest[..<open]))) }
            out.append(.key(String(rest[rest.index(after: open)..<close])))
            rest = rest[rest.index(after: close)...]
        }
        if !rest.isEmpty { out.append(.text(String(rest))) }
        return out
    }

    /// The word as one argument, every placeholder replaced by its value as it is.
    static func fill(_ word: String, _ values: [String: String]) throws(ProviderFailure) -> String {
        var out = ""
        for piece in pieces(word) {
            switch piece {
            case .text(let t): out += t
            case .key(let key):
                guard let v = values[key] else { throw ProviderFailure("no value for {\(key)}: pass --param \(key)=…") }
                out += v
            }
        }
        return out
    }
}
