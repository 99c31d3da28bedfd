import Foundation

public struct AWSCredentials: Sendable {
    public var accessKeyId: String
    public var secretAccessKey: String
    public var sessionToken: String?
}

/// Credentials, region and endpoint as the AWS CLI finds them: the standard
/// environment variables (`AWS_ENDPOINT_URL` and `AWS_ENDPOINT_URL_<SERVICE>`
/// included), then the profile in `~/.aws/credentials` and `~/.aws/config`.
struct AWSConfig {
    var credentials: AWSCredentials
    var region: String
    let environment: [String: String]

    init(environment env: [String: String]) throws(ProviderFailure) {
        environment = env
        let profile = env["AWS_PROFILE"] ?? env["AWS_DEFAULT_PROFILE"] ?? "default"
        let home = env["HOME"] ?? NSHomeDirectory()
        let credentialsFile = Self.ini(env["AWS_SHARED_CREDENTIALS_FILE"] ?? home + "/.aws/credentials")[profile] ?? [:]
        guard let id = env["AWS_ACCESS_KEY_ID"] ?? credentialsFile["aws_access_key_id"],
              let secret = env["AWS_SECRET_ACCESS_KEY"] ?? credentialsFile["aws_secret_access_key"] else {
            throw ProviderFailure("aws: no credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or put profile '\(profile)' in ~/.aws/credentials")
        }
        credentials = AWSCredentials(accessKeyId: id, secretAccessKey: secret,
                                     sessionToken: env["AWS_SESSION_TOKEN"] ?? credentialsFile["aws_session_token"])
        guard let region = Self.region(environment: env) else {
            throw ProviderFailure("aws: no region: set AWS_REGION (or a region in ~/.aws/config)")
        }
        self.region = region
    }

    /// The region as the AWS CLI finds it (AWS_REGION, AWS_DEFAULT_REGION, the profile in ~/.aws/config), credentials or not.
    static func region(environment env: [String: String]) -> String? {
        let profile = env["AWS_PROFILE"] ?? env["AWS_DEFAULT_PROFILE"] ?? "default"
        let home = env["HOME"] ?? NSHomeDirectory()
        let config = ini(env["AWS_CONFIG_FILE"] ?? home + "/.aws/config")[profile == "default" ? "default" : "profile \(profile)"] ?? [:]
        return [env["AWS_REGION"], env["AWS_DEFAULT_REGION"], config["region"]].compactMap { $0 }.first { !$0.isEmpty }
    }

    /// The endpoint of a service: `AWS_ENDPOINT_URL_RDS`, then `AWS_ENDPOINT_URL`, then AWS itself.
    func endpoint(_ service: String) -> (url: String, custom: Bool) {
        let key = "AWS_ENDPOINT_URL_" + service.uppercased().replacingOccurrences(of: "-", with: "_")
        if let e = environment[key] ?? environment["AWS_ENDPOINT_URL"], !e.isEmpty {
            return (e.hasSuffix("/") ? String(e.dropLast()) : e, true)
        }
        return ("https://\(service).\(region).amazonaws.com", false)
    }

    /// `[section]` → key = value, as the AWS files write them.
    static func ini(_ path: String) -> [String: [String: String]] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [:] }
        var out: [String: [String: String]] = [:]
        var section = ""
        for raw in text.split(whereSeparator: \.isNewline) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") && line.hasSuffix("]") { section = String(line.dropFirst().dropLast()).trimmingCharacters(in: .whitespaces); continue }
            guard let eq = line.firstIndex(of: "=") else { continue }
            out[section, default: [:]][line[..<eq].trimmingCharacters(in: .whitespaces).lowercased()] =
                line[line.index(after: eq)...].trimmingCharacters(in: .whitespaces)
        }
        return out
    }
}
