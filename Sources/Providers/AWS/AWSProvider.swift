import Foundation

/// AWS over its HTTPS APIs (SigV4 through libcurl): RDS PostgreSQL,
/// ElastiCache Redis, S3 buckets and Secrets Manager secrets. Every apply
/// looks first: a resource that already exists under the name is adopted,
/// never created twice.
struct AWSProvider: Provider {
    let context: ProviderContext
    var name: String { "aws" }
    var origin: String { "built-in (HTTPS, SigV4)" }

    static let resources: [ResourceSpec] = [RDSPostgres.spec, ElastiCacheRedis.spec, S3Bucket.spec, SecretsManagerSecret.spec]

    func handle(_ request: ProviderRequest, progress: @escaping (String) -> Void) throws(ProviderFailure) -> ProviderResult {
        guard let type = request.type else { return ProviderResult(resources: Self.resources) }
        guard let spec = Self.resources.first(where: { $0.type == type }) else {
            throw ProviderFailure("aws has no resource type '\(type)': it has \(Self.resources.map(\.type).joined(separator: ", "))")
        }
        guard let name = request.name else { throw ProviderFailure("aws: a request needs a resource name") }
        var params: [String: String] = [:]
        for p in spec.params { if let d = p.defaultValue { params[p.name] = d } }
        params.merge(request.params) { $1 }
        let resource: AWSResource
        switch type {
        case RDSPostgres.spec.type: resource = RDSPostgres(name: name, params: params)
        case ElastiCacheRedis.spec.type: resource = ElastiCacheRedis(name: name, params: params)
        case S3Bucket.spec.type: resource = S3Bucket(name: name, params: params)
        default: resource = SecretsManagerSecret(name: name, params: params, idempotencyKey: request.idempotencyKey)
        }
        if request.action == .plan {
            // The plan is for the region ws would use now; without one, the script asks for AWS_REGION.
            let region = AWSConfig.region(environment: context.environment).map(ShellWord.text) ?? .variable("AWS_REGION")
            return ProviderResult(commands: try AWSCommands.script(resource.commands(.apply, region: region)))
        }
        let client = AWSClient(config: try AWSConfig(environment: context.environment))
        let region = ShellWord.text(client.config.region)
        switch request.action {
        case .describe:
            guard let found = try resource.describe(client) else { return ProviderResult(exists: false) }
            var r = found
            r.exists = true
            return r
        case .apply:
            if var existing = try resource.describe(client) {
                progress("\(type) \(name) exists already; adopting it")
                try resource.configure(client, progress: progress)
                existing.commands = try AWSCommands.script(resource.commands(.apply, region: region))
                return existing
            }
            progress("creating \(type) \(name) in \(client.config.region)")
            var r = try resource.create(client, progress: progress)
            r.commands = try AWSCommands.script(resource.commands(.apply, region: region))
            return r
        case .destroy:
            progress("deleting \(type) \(name)")
            try resource.delete(client)
            return ProviderResult(commands: try AWSCommands.script(resource.commands(.destroy, region: region)))
        case .plan:
            return ProviderResult()
        }
    }
}

/// One kind of AWS resource.
protocol AWSResource {
    /// Nil when it does not exist; its outputs (and the secrets given to it) when it does.
    func describe(_ client: AWSClient) throws(ProviderFailure) -> ProviderResult?
    func create(_ client: AWSClient, progress: (String) -> Void) throws(ProviderFailure) -> ProviderResult
    /// Settings applied to an adopted resource too (S3's versioning, encryption…).
    func configure(_ client: AWSClient, progress: (String) -> Void) throws(ProviderFailure)
    func delete(_ client: AWSClient) throws(ProviderFailure)
    /// The aws CLI commands that do the same, in `region` (a name, or `$AWS_REGION` when the plan cannot know it).
    func commands(_ action: ProviderAction, region: ShellWord) throws(ProviderFailure) -> [AWSCommands.Line]
}

extension AWSResource {
    func configure(_ client: AWSClient, progress: (String) -> Void) throws(ProviderFailure) {}
}

extension Result where Failure == AWSClient.APIError {
    /// The value, nil for the "not found" codes given, or the API's error.
    func orNil(notFound codes: [String]) throws(ProviderFailure) -> Success? {
        switch self {
        case .success(let v): return v
        case .failure(let e) where codes.contains(e.code) || e.status == 404: return nil
        case .failure(let e): throw e.failure
        }
    }

    func get() throws(ProviderFailure) -> Success {
        switch self {
        case .success(let v): return v
        case .failure(let e): throw e.failure
        }
    }
}

extension String {
    var isTrue: Bool { ["true", "yes", "1", "on"].contains(lowercased()) }
}
