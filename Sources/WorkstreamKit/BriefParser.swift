/// Turns the `- [ ]` lines of a brief into tasks, so a brief written the way
/// people already write them (see shared/examples) is tracked without retyping.
///
/// Ids: a number written on the line (`- [ ] 4.1 Configure backups`) is the id;
/// otherwise a task under a numbered heading (`### 4. Auth`) gets `4.<n>`, and
/// one under no numbered heading gets the next free number.
public enum BriefParser {
    public static func tasks(in markdown: String, existing: [TaskItem] = []) -> [TaskItem] {
        // Linear in the brief: sets for the ids taken and kept, and the next free number carried along
        // (a brief of 8,000 tasks took 17 s when each task scanned the ones before it).
        var result: [TaskItem] = []
        var kept: Set<String> = []
        var taken = Set(existing.map(\.id))
        var nextNumber = (taken.compactMap { Int($0) }.max() ?? 0) + 1
        let knownTexts = Dictionary(existing.map { ($0.text, $0.id) }, uniquingKeysWith: { a, _ in a })
        var section: String?
        var countInSection = 0
        var inFence = false
        for rawLine in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("```") || line.hasPrefix("~~~") { inFence.toggle(); continue }
            if inFence { continue }
            if line.hasPrefix("#") {
                section = headingNumber(line)
                countInSection = 0
                continue
            }
            guard let (done, body) = checkbox(line) else { continue }
            countInSection += 1
            let (explicitId, text) = leadingId(body)
            guard !text.isEmpty else { continue }
            if let knownId = knownTexts[text] {
                // Already tracked under some id: keep that id so a re-written brief adds nothing.
                if kept.insert(knownId).inserted { result.append(TaskItem(id: knownId, text: text, done: done)) }
                continue
            }
            while taken.contains(String(nextNumber)) { nextNumber += 1 }
            var id = explicitId ?? section.map { "\($0).\(countInSection)" } ?? String(nextNumber)
            if taken.contains(id) {
                var bump = 1
                let base = id
                while taken.contains(id) { bump += 1; id = "\(base)-\(bump)" }
            }
            taken.insert(id)
            if let n = Int(id), n >= nextNumber { nextNumber = n + 1 }
            kept.insert(id)
            result.append(TaskItem(id: id, text: text, done: done))
        }
        return result
    }

    /// The next whole number not used as a task id.
    public static func nextTaskId(after ids: [String]) -> String {
        let numbers = ids.compactMap { Int($0) }
        var next = (numbers.max() ?? 0) + 1
        while ids.contains(String(next)) { next += 1 }
        return String(next)
    }

    static func checkbox(_ line: String) -> (Bool, String)? {
        for bullet in ["- ", "* ", "+ "] where line.hasPrefix(bullet) {
            let rest = line.dropFirst(2)
            for (mark, done) in [("[ ] ", false), ("[x] ", true), ("[X] ", true)] where rest.hasPrefix(mark) {
                return (done, String(rest.dropFirst(mark.count)).trimmingCharacters(in: .whitespaces))
            }
        }
        return nil
    }

    /// "4.1 Text", "**4.1** Text", "4.1. Text", "3) Text" give an id; "3 replicas" does not.
    static func leadingId(_ body: String) -> (String?, String) {
        var s = Substring(body)
        let bold = s.hasPrefix("**")
        if bold { s = s.dropFirst(2) }
        let digits = s.prefix { $0.isNumber || $0 == "." }
        guard let first = digits.first, first.isNumber else { return (nil, body) }
        var id = String(digits)
        var rest = s.dropFirst(digits.count)
        if bold { guard rest.hasPrefix("**") else { return (nil, body) }; rest = rest.dropFirst(2) }
        let dotted = id.dropLast(id.hasSuffix(".") ? 1 : 0).contains(".")
        let terminated = id.hasSuffix(".") || rest.hasPrefix(")") || rest.hasPrefix(":")
        if rest.hasPrefix(")") || rest.hasPrefix(":") { rest = rest.dropFirst() }
        guard (dotted || terminated), rest.first == " " else { return (nil, body) }
        if id.hasSuffix(".") { id.removeLast() }
        return (id, rest.trimmingCharacters(in: .whitespaces))
    }

    /// "### 4. Auth" and "## 4.2 Backups" give "4" and "4.2".
    static func headingNumber(_ line: String) -> String? {
        let text = line.drop { $0 == "#" }.trimmingCharacters(in: .whitespaces)
        var number = String(text.prefix { $0.isNumber || $0 == "." })
        guard number.first?.isNumber == true else { return nil }
        let rest = text.dropFirst(number.count)
        guard rest.isEmpty || rest.first == " " || rest.first == ")" || rest.first == ":" else { return nil }
        while number.hasSuffix(".") { number.removeLast() }
        return number
    }
}
