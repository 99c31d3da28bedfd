/// The "Provisioned resources" section of the workstream and handoff
/// documents: each resource with its provider, state, outputs (as the
/// artifacts they became), secret names with fingerprints, and the commands
/// that would do the same by hand. Secret values are never known here.
enum ProvisionSection {
    static func lines(_ w: Workstream, heading: String = "## Provisioned resources") -> [String] {
        guard !w.provisions.isEmpty else { return [] }
        var lines = ["", heading, ""]
        lines += Doc.table(["Resource", "Provider", "State", "Outputs", "Secrets"], w.provisions.map { p in
            let outputs = p.outputs.keys.sorted().map { "`\(p.resource.artifactName(for: $0))`" }
            let secrets = p.secrets.sorted { $0.key < $1.key }.map {
                "`\(p.resource.artifactName(for: $0.key))` (\(EventValidation.shown(fingerprint: $0.value)))"
            }
            return ["\(p.resource.type) `\(p.resource.name)`", p.resource.provider, state(p),
                    outputs.isEmpty ? "—" : outputs.joined(separator: ", "), secrets.isEmpty ? "—" : secrets.joined(separator: ", ")]
        })
        for p in w.provisions {
            lines += ["", "### \(p.resource.type) `\(p.resource.name)`", ""]
            var facts: [String] = []
            let params = p.params.sorted { $0.key < $1.key }.map { code("\($0.key)=\($0.value)") } + p.secretParams.map { "`\($0)` (secret)" }
            if !params.isEmpty { facts.append("- Parameters: " + params.joined(separator: ", ")) }
            facts.append("- \(state(p).prefix(1).uppercased() + state(p).dropFirst()) — requested \(Doc.stamp(p.requestedAt)) by \(p.actor)" +
                         (p.settledAt.map { ", settled \(Doc.stamp($0))" } ?? ""))
            for (k, v) in p.outputs.sorted(by: { $0.key < $1.key }) { facts.append("- `\(p.resource.artifactName(for: k))` = \(code(v))") }
            if !p.secrets.isEmpty {
                facts.append("- Secrets in the local secret store (`ws env \(w.id)`): " +
                             p.secrets.keys.sorted().map { "`\(p.resource.artifactName(for: $0))`" }.joined(separator: ", "))
            }
            // A CLI's words, not Markdown: shown as text, its further lines kept inside the item.
            if let m = p.message { facts.append("- Error: \(Doc.listItem(Doc.inline(m)))") }
            lines += facts
            if !p.commands.isEmpty {
                // A quoted value may span lines and hold backticks: the fence is longer than any run of them inside.
                let fence = String(repeating: "`", count: max(3, longestBacktickRun(p.commands) + 1))
                lines += ["", p.state == .planned ? "Planned commands (not run):" : "Equivalent commands:", "", fence + "sh"] + p.commands + [fence]
            }
        }
        return lines
    }

    /// A value as inline code that stays on its line and inside its backticks, whatever it holds
    /// (a parameter or an output may hold line breaks and backticks): a line break shows as `\n`.
    static func code(_ value: String) -> String {
        let oneLine = value.replacingOccurrences(of: "\r", with: "\\r").replacingOccurrences(of: "\n", with: "\\n")
        let ticks = String(repeating: "`", count: longestBacktickRun([oneLine]) + 1)
        let pad = oneLine.hasPrefix("`") || oneLine.hasSuffix("`") ? " " : ""
        return ticks + pad + oneLine + pad + ticks
    }

    static func longestBacktickRun(_ lines: [String]) -> Int {
        var longest = 0
        for line in lines {
            var run = 0
            for c in line {
                run = c == "`" ? run + 1 : 0
                longest = max(longest, run)
            }
        }
        return longest
    }

    static func state(_ p: Provision) -> String {
        switch p.state {
        case .requested: return "requested, no outcome yet"
        case .succeeded: return p.action == .apply ? "provisioned" : "destroyed"
        case .failed: return "\(p.action == .apply ? "apply" : "destroy") failed"
        case .destroyed: return "destroyed"
        case .planned: return "planned"
        }
    }
}
