import Foundation
import Testing

/// Stand-ins for the cloud CLIs (aws, doctl, gcloud, flyctl, az) in a folder put first on PATH:
/// each appends its argv to one file — a record per call: the argument count, the program's name
/// and every argument, each ended by a NUL — and answers with the JSON the real one prints where
/// ws or a printed plan reads it.
struct CLIStubs {
    static let names = ["aws", "doctl", "gcloud", "flyctl", "az"]
    let folder: URL
    let record: URL

    init(in root: URL) throws {
        folder = root.appendingPathComponent("stub-bin-\(UUID().uuidString.prefix(6))")
        record = folder.appendingPathComponent("calls")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data().write(to: record)
        let script = """
            #!/bin/bash
            printf '%s\\0' "$#" "${0##*/}" "$@" >> \(record.path)
            if [ -e \(folder.path)/failing ]; then echo "stand-in failure" >&2; exit 1; fi
            case "${0##*/} $1 $2 $3" in
              "doctl databases create "*|"doctl databases user "*)
                echo '[{"id":"db-1","name":"app","password":"do-pw-1","connection":{"host":"db.example","port":25060,"password":"do-pw-2"}}]';;
              "doctl spaces keys create"*) echo '[{"access_key":"DOAK1","secret_key":"do-sk-1"}]';;
              "gcloud sql instances "*) echo '{"connectionName":"p:r:care-db","ipAddresses":[{"ipAddress":"10.0.0.3"}]}';;
              "gcloud redis instances "*) echo '{"host":"10.0.0.4","port":6379}';;
              "gcloud storage hmac "*) echo '{"metadata":{"accessId":"GOOG1"},"secret":"gcp-secret-1"}';;
              "az postgres flexible-server "*) echo '{"host":"pg.example"}';;
              "az redis create"*) echo '{"hostName":"redis.example","sslPort":6380}';;
              "az storage account "*) echo '[{"keyName":"key1","value":"az-key-1"}]';;
              "flyctl tokens create "*) echo '{"token":"fly-token-1"}';;
            esac
            exit 0
            """
        for name in Self.names {
            let url = folder.appendingPathComponent(name)
            try Data(script.utf8).write(to: url)
            chmod(url.path, 0o755)
        }
    }

    /// PATH with the stand-ins first.
    func path(before rest: String?) -> String { folder.path + ":" + (rest ?? "/usr/bin:/bin") }

    /// Every call so far, in order: the program's name first, then its arguments.
    func calls() throws -> [[String]] {
        let fields = try Data(contentsOf: record).split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        var out: [[String]] = []
        var i = 0
        // A record is count, name, arguments…, each NUL-ended; split leaves one empty field after the last NUL.
        while i + 1 < fields.count, let count = Int(fields[i]) {
            out.append(Array(fields[(i + 1)...(i + 1 + count)]))
            i += count + 2
        }
        return out
    }

    func reset() throws { try Data().write(to: record) }

    /// While on, every stand-in records its call and fails (exit 1).
    func failing(_ on: Bool) throws {
        let marker = folder.appendingPathComponent("failing")
        if on { try Data().write(to: marker) } else { try? FileManager.default.removeItem(at: marker) }
    }
}

/// A printed plan: the lines after ws's `#` heading.
func planScript(_ stdout: String) -> String {
    stdout.split(separator: "\n", omittingEmptySubsequences: false).drop { $0.hasPrefix("#") }.joined(separator: "\n")
}

/// Runs a script with bash (`-eu`: the first failing command stops it, an unset variable is an error).
func runBash(_ script: String, in root: URL, env: [String: String]) throws -> Sandbox.Result {
    let file = root.appendingPathComponent("script-\(UUID().uuidString.prefix(6)).sh")
    try Data(script.utf8).write(to: file)
    let bash = try #require(which("bash"), "bash is needed")
    return try Sandbox.run([bash, "-eu", file.path], cwd: root, env: env)
}

/// `bash -n`: the script parses.
func bashParses(_ script: String, in root: URL) throws -> Sandbox.Result {
    let file = root.appendingPathComponent("parse-\(UUID().uuidString.prefix(6)).sh")
    try Data(script.utf8).write(to: file)
    let bash = try #require(which("bash"), "bash is needed")
    return try Sandbox.run([bash, "-n", file.path], cwd: root, env: ProcessInfo.processInfo.environment)
}
