import PostgresNIO

/// The held writes as `ws_append_commit` takes them: one `text[]` of values, each parameter `$n` of the batch
/// rewritten as its element cast back to the type it was bound as (`($1[k])::bigint`). A procedure's
/// parameters are fixed, and `EXECUTE … USING` binds a fixed list, so the values travel as one array; they stay
/// bound values (the SQL text is ws's own statements and casts, never a value). A nil value is the SQL NULL,
/// typed by where it is used as an unbound NULL parameter was; a list of texts is an ARRAY of its elements.
extension PostgresWriteBatch {
    /// nil when a value is of a type this does not know how to carry: the caller sends the batch as it is.
    /// `elements[n]` is the element (1-based) of `values` that argument `n` (0-based) became, nil for a NULL or a list.
    static func asText(_ sql: String, _ arguments: Arguments) -> (sql: String, values: [String], elements: [Int?])? {
        var values: [String] = []
        var replacements: [String] = []
        var elements: [Int?] = []
        for argument in arguments {
            let scalar = !(argument is [String])
            defer { elements.append(scalar && argument != nil ? values.count : nil) }
            guard let argument else { replacements.append("NULL"); continue }
            func element(_ text: String) -> String {
                values.append(text)
                return "$1[\(values.count)]"
            }
            switch argument {
            case let text as String: replacements.append("(\(element(text)))")
            case let number as Int64: replacements.append("(\(element(String(number)))::bigint)")
            case let number as Int: replacements.append("(\(element(String(number)))::bigint)")
            case let number as Double where number.isFinite:
                // Swift's shortest form reads back as the same double in PostgreSQL's float8 input.
                replacements.append("(\(element("\(number)"))::double precision)")
            case let flag as Bool: replacements.append("(\(element(flag ? "true" : "false"))::boolean)")
            case let texts as [String]:
                replacements.append("(ARRAY[\(texts.map(element).joined(separator: ", "))]::text[])")
            default: return nil
            }
        }
        var unknown = false
        let rewritten = substituted(sql) { n in
            guard replacements.indices.contains(n - 1) else { unknown = true; return "" }
            return replacements[n - 1]
        }
        return unknown ? nil : (rewritten, values, elements)
    }
}
