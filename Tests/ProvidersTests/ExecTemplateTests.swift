import Testing
@testable import Providers

/// Each `{name}` becomes the reference to its variable that suits its quoting context.
@Suite struct ExecTemplateTests {
    static func rewrite(_ template: String) throws -> String {
        try ExecTemplate.rewrite(template) { ExecTemplate.variable(for: $0) }
    }

    @Test(arguments: [
        ("echo {x}", #"echo "$WS_PARAM_X""#),
        (#"echo "{x}""#, #"echo "${WS_PARAM_X}""#),
        ("echo '{x}'", #"echo ''"$WS_PARAM_X"''"#),
        ("echo 'a {x} b'", #"echo 'a '"$WS_PARAM_X"' b'"#),
        (#"echo "$(printf %s {x})""#, #"echo "$(printf %s "$WS_PARAM_X")""#),
        (#"echo "$(f "{x}")""#, #"echo "$(f "${WS_PARAM_X}")""#),
        ("echo `f {x}`", #"echo `f "$WS_PARAM_X"`"#),
        ("echo {backup-retention}", #"echo "$WS_PARAM_BACKUP_RETENTION""#),
        (#"echo ${HOME} "${x:-{y}}""#, #"echo ${HOME} "${x:-{y}}""#),
        (#"printf '{"id":"%s"}' {name}"#, #"printf '{"id":"%s"}' "$WS_PARAM_NAME""#),
        (#"{ echo a; } && echo {a,b} \{x}"#, #"{ echo a; } && echo {a,b} \{x}"#),
        (#"echo "it's {x}" 'say "{y}"'"#, #"echo "it's ${WS_PARAM_X}" 'say "'"$WS_PARAM_Y"'"'"#),
    ])
    func placeholdersFollowTheirQuotes(template: String, expected: String) throws {
        #expect(try Self.rewrite(template) == expected)
    }

    @Test func anUnknownPlaceholderIsAnError() {
        #expect(throws: ProviderFailure.self) { try ExecTemplate.rewrite("echo {nope}") { _ in nil } }
    }
}
