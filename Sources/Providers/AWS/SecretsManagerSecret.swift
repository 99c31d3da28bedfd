import Crypto
import Foundation
import WorkstreamKit

/// A Secrets Manager secret. The idempotency key becomes the client request
/// token, so a create retried after a crash is the same create to AWS.
struct SecretsManagerSecret: AWSResource {
    static let spec = ResourceSpec(type: "secret", summary: "Secrets Manager secret", params: [
        ParameterSpec("value", "the secret's value", secret: true, generated: true),
        ParameterSpec("description", "what it is for"),
        ParameterSpec("kms_key_id", "KMS key to encrypt it with (default: the account's aws/secretsmanager key)"),
    ])

    let name: String
    let params: [String: String]
    let idempotencyKey: String?

    func describe(_ client: AWSClient) throws(ProviderFailure) -> ProviderResult? {
        guard case .object(let o)? = try client.json("secretsmanager", target: "secretsmanager.DescribeSecret", .object(["SecretId": .string(name)]))
            .orNil(notFound: ["ResourceNotFoundException"]) else { return nil }
        // A secret scheduled for deletion is as good as gone.
        if o["DeletedDate"] != nil { return nil }
        return result(o)
    }

    func result(_ o: [String: JSONValue]) -> ProviderResult {
        var r = ProviderResult(outputs: ["arn": o["ARN"]?.string ?? "", "name": o["Name"]?.string ?? name].filter { !$0.value.isEmpty })
        if let value = params["value"] { r.secrets["value"] = value }
        return r
    }

    func create(_ client: AWSClient, progress: (String) -> Void) throws(ProviderFailure) -> ProviderResult {
        guard let value = params["value"] else { throw ProviderFailure("aws secret: no value was given") }
        var body: [String: JSONValue] = ["Name": .string(name), "SecretString": .string(value)]
        if let d = params["description"] { body["Description"] = .string(d) }
        if let k = params["kms_key_id"] { body["KmsKeyId"] = .string(k) }
        if let key = idempotencyKey {
            // 32 to 64 characters, the same for every retry of this request.
            body["ClientRequestToken"] = .string(SHA256.hash(data: Data(key.utf8)).prefix(16).map { String(format: "%02x", $0) }.joined())
        }
        guard case .object(let o) = try client.json("secretsmanager", target: "secretsmanager.CreateSecret", .object(body)).get() else {
            throw ProviderFailure("aws secret: Secrets Manager answered CreateSecret with something other than an object")
        }
        return result(o)
    }

    func delete(_ client: AWSClient) throws(ProviderFailure) {
        _ = try client.json("secretsmanager", target: "secretsmanager.DeleteSecret",
                            .object(["SecretId": .string(name), "ForceDeleteWithoutRecovery": .bool(true)]))
            .orNil(notFound: ["ResourceNotFoundException"])
    }

    func commands(_ action: ProviderAction, region: ShellWord) throws(ProviderFailure) -> [AWSCommands.Line] {
        if action == .destroy {
            return [AWSCommands.aws(["secretsmanager", "delete-secret", "--secret-id", .text(name), "--force-delete-without-recovery"], region: region)]
        }
        var words: [ShellWord] = ["secretsmanager", "create-secret", "--name", .text(name), "--secret-string=" + .variable("VALUE")]
        if let d = params["description"] { words.append("--description=" + .text(d)) }
        if let k = params["kms_key_id"] { words.append("--kms-key-id=" + .text(k)) }
        return [AWSCommands.aws(words, region: region)]
    }
}
