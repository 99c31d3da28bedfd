/// An exec template's `{name}` placeholders, rewritten into references to the
/// environment variable that carries the value (`WS_PARAM_NAME`), so that no
/// value is ever part of the command text: whatever quotes or `$(…)` a value
/// holds, the shell only expands it, never parses it.
///
/// A small POSIX-shell lexer finds the quoting context of each placeholder:
/// unquoted → `"$WS_PARAM_X"`; inside double quotes → `${WS_PARAM_X}`; inside
/// single quotes → close the quote, `"$WS_PARAM_X"`, reopen. Command
/// substitutions and backticks start a new unquoted context. `${…}` is the
/// shell's own expansion and is left alone; so is a brace that does not start a
/// parameter name (`{ cmd; }`, `{a,b}`, JSON text). Here-documents are not
/// understood: a placeholder inside one is rewritten as if unquoted.
public enum ExecTemplate {
    /// `WS_PARAM_<NAME>` for a parameter name, or nil when the name cannot make an environment variable.
    public static func variable(for name: String) -> String? {
        guard isParameterName(name) else { return nil }
        return "WS_PARAM_" + ParameterSpec.canonical(name).uppercased()
    }

    /// Letters, digits, `_` and `-`, not starting with a digit or `-`.
    public static func isParameterName(_ name: some StringProtocol) -> Bool {
        guard let first = name.first, first.isASCII, first.isLetter || first == "_" else { return false }
        return name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }
    }

    private enum Context: Equatable {
        case unquoted
        case single
        case double
        case backtick
        /// `$(…)`, with the depth of plain parentheses opened inside it.
        case substitution(Int)
    }

    /// The template with every placeholder rewritten; `variable` answers the variable of a known name, nil for an unknown one.
    public static func rewrite(_ template: String, variable: (String) -> String?) throws(ProviderFailure) -> String {
        let chars = Array(template)
        var out = ""
        var stack: [Context] = [.unquoted]
        var i = 0
        while i < chars.count {
            let c = chars[i]
            let next: Character? = i + 1 < chars.count ? chars[i + 1] : nil
            let context = stack.last ?? .unquoted
            if c == "{", let (name, end) = placeholder(chars, at: i) {
                guard let v = variable(name) else {
                    throw ProviderFailure("exec: the template uses {\(name)}, but no --param \(name)=… was given")
                }
                switch context {
                case .single: out += "'\"$\(v)\"'"
                case .double: out += "${\(v)}"
                case .unquoted, .backtick, .substitution: out += "\"$\(v)\""
                }
                i = end + 1
                continue
            }
            if context == .single {
                if c == "'" { stack.removeLast() }
                out.append(c)
                i += 1
                continue
            }
            if c == "\\", let next {
                out.append(c)
                out.append(next)
                i += 2
                continue
            }
            if c == "$", next == "{" {
                // The shell's own `${VAR…}`: copied whole, braces balanced.
                let end = closingBrace(chars, from: i + 1)
                out += String(chars[i...end])
                i = end + 1
                continue
            }
            if c == "$", next == "(" {
                stack.append(.substitution(0))
                out += "$("
                i += 2
                continue
            }
            switch (c, context) {
            case ("\"", .double): stack.removeLast()
            case ("`", .backtick): stack.removeLast()
            case ("`", _): stack.append(.backtick)
            case (_, .double): break
            case ("\"", _): stack.append(.double)
            case ("'", _): stack.append(.single)
            case ("(", .substitution(let depth)): stack[stack.count - 1] = .substitution(depth + 1)
            case (")", .substitution(let depth)): if depth == 0 { stack.removeLast() } else { stack[stack.count - 1] = .substitution(depth - 1) }
            default: break
            }
            out.append(c)
            i += 1
        }
        return out
    }

    /// `{name}` at `start`: the name and the index of its `}`.
    static func placeholder(_ chars: [Character], at start: Int) -> (String, Int)? {
        var end = start + 1
        while end < chars.count, chars[end] != "}" {
            let c = chars[end]
            guard c.isASCII, c.isLetter || c.isNumber || c == "_" || c == "-" else { return nil }
            end += 1
        }
        guard end < chars.count else { return nil }
        let name = String(chars[(start + 1)..<end])
        return isParameterName(name) ? (name, end) : nil
    }

    /// The index of the `}` that closes the `{` at `open` (or the last index, when none does).
    static func closingBrace(_ chars: [Character], from open: Int) -> Int {
        var depth = 0
        var i = open
        while i < chars.count {
            if chars[i] == "\\" { i += 2; continue }
            if chars[i] == "{" { depth += 1 }
            if chars[i] == "}" { depth -= 1; if depth == 0 { return i } }
            i += 1
        }
        return chars.count - 1
    }
}
