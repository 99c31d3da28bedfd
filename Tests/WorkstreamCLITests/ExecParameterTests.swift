import Foundation
import Testing

/// exec parameters reach the command as `WS_PARAM_<NAME>`, never as command
/// text: no value breaks out of the quotes a template puts around `{name}`.
@Suite struct ExecParameterTests {
    /// A value a shell would run if it were pasted into the template; MARK is a file that must never appear.
    static let hostile = ["$(touch MARK)", "`touch MARK`", "'; touch MARK; '", "\"; touch MARK; \"", "x${IFS}$(touch MARK) ;touch MARK #",
                          "line one\n$(touch MARK)\n", "\\'$(touch MARK)\\'", "{x} ${HOME} '\"$'"]

    /// The template in each quoting context; each writes the value it got into a file named after the context.
    static let templates = [("unquoted", "printf %s {x} > got-unquoted"), ("double", "printf %s \"{x}\" > got-double"),
                            ("single", "printf %s '{x}' > got-single"), ("substitution", "printf %s \"$(printf %s {x})\" > got-substitution"),
                            ("dashed", "printf %s \"{the-value}\" > got-dashed")]

    @Test(arguments: hostile)
    func aValueNeverRunsWhateverQuotesTheTemplateUses(template value: String) throws {
        let mark = FileManager.default.temporaryDirectory.appendingPathComponent("pwned-\(UUID().uuidString)").path
        let hostileValue = value.replacingOccurrences(of: "MARK", with: mark)
        let s = try Sandbox.withWorkstream()
        for (context, template) in Self.templates {
            let r = try s.ws("provision", "A1", "thing", "t-\(context)", "--provider", "exec", "--param", "apply=\(template)",
                             "--param", "x=\(hostileValue)", "--param", "the_value=\(hostileValue)")
            #expect(r.code == 0, "\(context): exit \(r.code) \(r.stderr)")
            let got = try String(contentsOf: s.root.appendingPathComponent("got-\(context)"), encoding: .utf8)
            // Command substitution drops trailing newlines; every other context passes the value byte for byte.
            let expected = context == "substitution" ? String(hostileValue.reversed().drop { $0 == "\n" }.reversed()) : hostileValue
            #expect(got == expected, "\(context): the command got \(got.debugDescription)")
            #expect(!FileManager.default.fileExists(atPath: mark), "\(context): the value ran")
        }
        // The printed plan runs as printed, with the same result.
        for (context, template) in Self.templates {
            let plan = try s.ws("provision", "A1", "thing", "p-\(context)", "--provider", "exec", "--plan", "--param", "apply=\(template)",
                                "--param", "x=\(hostileValue)", "--param", "the-value=\(hostileValue)").check()
            let script = plan.stdout.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("#") }.joined(separator: "\n")
            #expect(script.contains("export WS_PARAM_X="), "\(plan.stdout)")
            try FileManager.default.removeItem(at: s.root.appendingPathComponent("got-\(context)"))
            try Sandbox.run(["/bin/sh", "-c", script], cwd: s.root, env: s.environment).check()
            let got = try String(contentsOf: s.root.appendingPathComponent("got-\(context)"), encoding: .utf8)
            let expected = context == "substitution" ? String(hostileValue.reversed().drop { $0 == "\n" }.reversed()) : hostileValue
            #expect(got == expected, "plan, \(context): the script got \(got.debugDescription)")
            #expect(!FileManager.default.fileExists(atPath: mark), "plan, \(context): the value ran")
        }
        try? FileManager.default.removeItem(atPath: mark)
    }

    @Test func theIssuesExampleEchoesTheLiteralText() throws {
        let mark = FileManager.default.temporaryDirectory.appendingPathComponent("pwned-\(UUID().uuidString)").path
        let s = try Sandbox.withWorkstream()
        let r = try s.ws("provision", "A1", "thing", "echo", "--provider", "exec", "--param", "apply=echo \"{x}\" > echoed",
                         "--param", "x=$(touch \(mark))").check()
        #expect(try String(contentsOf: s.root.appendingPathComponent("echoed"), encoding: .utf8) == "$(touch \(mark))\n")
        #expect(!FileManager.default.fileExists(atPath: mark))
        #expect(r.stderr.contains("running: echo \"${WS_PARAM_X}\" > echoed"), "\(r.stderr)")
    }

    @Test func aDestroyGivenAnotherValueIsRefusedHoweverSpelled() throws {
        let s = try Sandbox.withWorkstream()
        // An output whose name cannot be a variable (db.host) comes back at destroy too, and is left out.
        try s.ws("provision", "A1", "thing", "t1", "--provider", "exec", "--param", "apply=printf %s {disk-size} > applied; echo '{\"h\":\"x\"}'",
                 "--param", "destroy=printf %s {disk_size} > destroyed", "--param", "disk-size=10", "--param", "outputs=db.host=.h").check()
        #expect(try String(contentsOf: s.root.appendingPathComponent("applied"), encoding: .utf8) == "10")
        let refused = try s.ws("provision", "A1", "thing", "t1", "--provider", "exec", "--destroy",
                               "--param", "disk_size=20")
        #expect(refused.code == 3 && refused.stderr.contains("disk_size"), "exit \(refused.code) \(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: s.root.appendingPathComponent("destroyed").path))
        try s.ws("provision", "A1", "thing", "t1", "--provider", "exec", "--destroy", "--param", "disk-size=10").check()
        #expect(try String(contentsOf: s.root.appendingPathComponent("destroyed"), encoding: .utf8) == "10")
    }

    @Test func dashAndUnderscoreNameOneParameter() throws {
        let s = try Sandbox.withWorkstream()
        let before = try s.snapshot()
        let both = try s.ws("provision", "A1", "rds-postgres", "db", "--provider", "aws", "--plan",
                            "--param", "backup-retention=30", "--param", "backup_retention=7")
        #expect(both.code == 64, "exit \(both.code) \(both.stderr)")
        #expect(both.stderr.contains("name the same parameter"), "\(both.stderr)")
        #expect(try s.snapshot() == before)
        let dashed = try s.ws("provision", "A1", "rds-postgres", "db", "--provider", "aws", "--plan", "--param", "backup-retention=30").check()
        #expect(dashed.stdout.contains("30"), "\(dashed.stdout)")
        let p = try #require(try s.provisions("A1").first)
        #expect((p["params"] as? [String: String])?["backup_retention"] == "30", "\(p)")
        let providers = try s.ws("providers").check().stdout
        #expect(providers.contains("--param backup_retention="))
        let shownNames = providers.split(separator: "\n").compactMap { line -> Substring? in
            guard let range = line.range(of: "--param ") else { return nil }
            return line[range.upperBound...].split(separator: "=").first
        }
        #expect(!shownNames.isEmpty)
        #expect(shownNames.allSatisfy { !$0.contains("-") }, "\(shownNames)")
    }
}
