import EventLog
import WorkstreamKit

/// The lower sections of a workstream's page. A secret is shown by its name
/// and fingerprint only: the events the board reads never hold its value,
/// and the board never opens the secret store.
enum WorkstreamSections {
    /// Each check's command and latest result; its output (secrets masked when it ran) folded.
    static func checks(_ html: inout HTML, _ w: Workstream) {
        guard !w.checks.isEmpty else { return }
        html.raw("<section class=\"checks\" id=\"checks\"><h2>Checks</h2>")
        html.table(w.checks, columns: [
            ("Check", { html, c in html.text(c.name) }),
            ("Command", { html, c in html.raw("<code>"); html.text(c.run); html.raw("</code>") }),
            ("Result", { html, c in
                guard let last = c.last else { html.raw("not run yet"); return }
                html.raw(last.passed ? "<span class=\"box done\">✔</span> " : "<span class=\"failed\">✘</span> ")
                html.text(last.label)
                if !last.output.isEmpty {
                    html.text(last.output, between: "<details><summary>output</summary><pre><code>",
                              and: "</code></pre></details>")
                }
            }),
            ("Ran", { html, c in
                if let last = c.last { html.text("\(last.ranAt) by \(last.actor)") } else { html.raw("—") }
            }),
        ], attributes: { html, c in
            html.raw(" class=\"check check-\(c.last.map { $0.passed ? "passed" : "failed" } ?? "not-run")\"")
        })
        html.raw("</section>")
    }

    static func artifacts(_ html: inout HTML, _ w: Workstream) {
        guard !w.artifacts.isEmpty else { return }
        html.raw("<section class=\"artifacts\"><h2>Artifacts</h2>")
        html.table(w.artifacts, columns: [
            ("Name", { html, a in html.raw("<code>"); html.text(a.name); html.raw("</code>") }),
            ("Value", { html, a in
                if a.secret {
                    html.raw("<span class=\"secret\">secret</span> ")
                    html.text(a.fingerprint ?? "")
                } else {
                    html.text(a.value ?? "", between: "<code>", and: "</code>")
                }
            }),
            ("Recorded", { html, a in html.text(a.recordedAt) }),
        ])
        html.raw("</section>")
    }

    static func provisions(_ html: inout HTML, _ w: Workstream) {
        guard !w.provisions.isEmpty else { return }
        html.raw("<section class=\"provisions\"><h2>Provisioning</h2>")
        for p in w.provisions {
            html.raw("<div class=\"provision state-\(p.state.rawValue)\"><h3>")
            html.text("\(p.resource.type) \(p.resource.name)")
            html.raw(" <span class=\"badge\">")
            html.text("\(p.resource.provider) · \(p.action.rawValue) · \(p.state.rawValue)")
            html.raw("</span></h3>")
            if let message = p.message { html.element("p", message, cssClass: "message") }
            let outputs = p.outputs.sorted { $0.key < $1.key }
            if !outputs.isEmpty || !p.secrets.isEmpty {
                html.raw("<ul class=\"outputs\">")
                for (name, value) in outputs {
                    html.text(name, between: "<li><code>", and: "</code> = <code>")
                    html.text(value)
                    html.raw("</code></li>")
                }
                for name in p.secrets.keys.sorted() {
                    html.text(name, between: "<li><code>", and: "</code> <span class=\"secret\">secret</span></li>")
                }
                html.raw("</ul>")
            }
            if !p.commands.isEmpty {
                html.text(p.commands.joined(separator: "\n"), between: "<p>Equivalent commands:</p><pre><code>",
                          and: "</code></pre>")
            }
            html.raw("</div>")
        }
        html.raw("</section>")
    }

    static func devlog(_ html: inout HTML, _ entries: [DevlogEntry]) {
        guard !entries.isEmpty else { return }
        html.raw("<section class=\"devlog\"><h2>Devlog</h2><ul>")
        for e in entries {
            html.text(e.time, between: "<li class=\"kind-\(e.kind.rawValue)\"><span class=\"time\">",
                      and: "</span> <span class=\"kind\">\(e.kind.rawValue)</span> <span class=\"actor\">")
            html.text(e.actor)
            html.raw("</span>")
            if let hours = e.hours { html.raw(" <span class=\"hours\">\(Hours.format(hours))</span>") }
            html.text(e.message, between: "<div class=\"message\">", and: "</div></li>")
        }
        html.raw("</ul></section>")
    }

    static func events(_ html: inout HTML, _ events: [RecordedEvent], id: String) {
        html.raw("<section class=\"events\"><h2>History</h2>")
        HistoryPage.table(&html, events)
        html.text(id, between: "<p><a href=\"/history?stream=\(HTML.escape(HTML.pathComponent(id)))\">All events of ",
                  and: "</a></p></section>")
    }
}
