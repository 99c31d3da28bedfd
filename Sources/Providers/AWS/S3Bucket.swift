import WorkstreamKit

/// An S3 bucket with the settings a careful person sets: versioning,
/// default encryption, the public access block and lifecycle rules.
struct S3Bucket: AWSResource {
    static let spec = ResourceSpec(type: "s3-bucket", summary: "S3 bucket with versioning, encryption, public access block and lifecycle rules", params: [
        ParameterSpec("versioning", "keep every version of an object", default: "true"),
        ParameterSpec("encryption", "default encryption: AES256 or aws:kms", default: "AES256"),
        ParameterSpec("block_public_access", "block every form of public access", default: "true"),
        ParameterSpec("expire_days", "delete objects after this many days (unset: never)"),
        ParameterSpec("noncurrent_days", "delete old versions after this many days", default: "30"),
        ParameterSpec("abort_multipart_days", "abort incomplete multipart uploads after this many days", default: "7"),
    ])
    static let ns = "xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\""

    let name: String
    let params: [String: String]

    func describe(_ client: AWSClient) throws(ProviderFailure) -> ProviderResult? {
        guard try client.s3("HEAD", bucket: name).orNil(notFound: ["NoSuchBucket", "NotFound"]) != nil else { return nil }
        return ProviderResult(outputs: ["bucket": name, "arn": "arn:aws:s3:::\(name)", "region": client.config.region, "url": "s3://\(name)"])
    }

    func create(_ client: AWSClient, progress: (String) -> Void) throws(ProviderFailure) -> ProviderResult {
        let location = client.config.region == "us-east-1" ? [UInt8]() :
            Array("<CreateBucketConfiguration \(Self.ns)><LocationConstraint>\(client.config.region)</LocationConstraint></CreateBucketConfiguration>".utf8)
        _ = try client.s3("PUT", bucket: name, body: location).get()
        try configure(client, progress: progress)
        return ProviderResult(outputs: ["bucket": name, "arn": "arn:aws:s3:::\(name)", "region": client.config.region, "url": "s3://\(name)"])
    }

    func configure(_ client: AWSClient, progress: (String) -> Void) throws(ProviderFailure) {
        if (params["versioning"] ?? "true").isTrue {
            progress("versioning on")
            _ = try client.s3("PUT", bucket: name, subresource: "versioning",
                              body: xml("<VersioningConfiguration \(Self.ns)><Status>Enabled</Status></VersioningConfiguration>"), md5: true).get()
        }
        let algorithm = try encryption()
        progress("default encryption \(algorithm)")
        _ = try client.s3("PUT", bucket: name, subresource: "encryption", body: xml(
            "<ServerSideEncryptionConfiguration \(Self.ns)><Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>\(algorithm)</SSEAlgorithm>" +
            "</ApplyServerSideEncryptionByDefault></Rule></ServerSideEncryptionConfiguration>"), md5: true).get()
        if (params["block_public_access"] ?? "true").isTrue {
            progress("public access blocked")
            _ = try client.s3("PUT", bucket: name, subresource: "publicAccessBlock", body: xml(
                "<PublicAccessBlockConfiguration \(Self.ns)><BlockPublicAcls>true</BlockPublicAcls><IgnorePublicAcls>true</IgnorePublicAcls>" +
                "<BlockPublicPolicy>true</BlockPublicPolicy><RestrictPublicBuckets>true</RestrictPublicBuckets></PublicAccessBlockConfiguration>"), md5: true).get()
        }
        progress("lifecycle rules")
        _ = try client.s3("PUT", bucket: name, subresource: "lifecycle", body: xml(try lifecycle()), md5: true).get()
    }

    func encryption() throws(ProviderFailure) -> String {
        let algorithm = params["encryption"] ?? "AES256"
        guard ["AES256", "aws:kms"].contains(algorithm) else { throw ProviderFailure("aws s3-bucket: encryption must be AES256 or aws:kms") }
        return algorithm
    }

    func lifecycle() throws(ProviderFailure) -> String {
        func rule(_ id: String, _ action: String) -> String {
            "<Rule><ID>\(id)</ID><Filter><Prefix></Prefix></Filter><Status>Enabled</Status>\(action)</Rule>"
        }
        let abort = try AWSCommands.days(params, "abort_multipart_days", resource: "s3-bucket") ?? 7
        var rules = [rule("ws-abort-multipart", "<AbortIncompleteMultipartUpload><DaysAfterInitiation>\(abort)</DaysAfterInitiation></AbortIncompleteMultipartUpload>")]
        if (params["versioning"] ?? "true").isTrue, let days = try AWSCommands.days(params, "noncurrent_days", resource: "s3-bucket") {
            rules.append(rule("ws-noncurrent-versions", "<NoncurrentVersionExpiration><NoncurrentDays>\(days)</NoncurrentDays></NoncurrentVersionExpiration>"))
        }
        if let days = try AWSCommands.days(params, "expire_days", resource: "s3-bucket") { rules.append(rule("ws-expire", "<Expiration><Days>\(days)</Days></Expiration>")) }
        return "<LifecycleConfiguration \(Self.ns)>\(rules.joined())</LifecycleConfiguration>"
    }

    func xml(_ s: String) -> [UInt8] { Array(s.utf8) }

    func delete(_ client: AWSClient) throws(ProviderFailure) {
        switch try client.s3("DELETE", bucket: name) {
        case .success: return
        case .failure(let e) where e.code == "NoSuchBucket" || e.status == 404: return
        case .failure(let e) where e.code == "BucketNotEmpty":
            throw ProviderFailure("aws s3-bucket: \(name) still holds objects; ws does not delete data. Empty it (aws s3 rm s3://\(name) --recursive, and its old versions), then destroy again.")
        case .failure(let e): throw e.failure
        }
    }

    func commands(_ action: ProviderAction, region: ShellWord) throws(ProviderFailure) -> [AWSCommands.Line] {
        let bucket = ShellWord.text(name)
        if action == .destroy { return [AWSCommands.aws(["s3api", "delete-bucket", "--bucket", bucket], region: region)] }
        let algorithm = try encryption()
        var lines = [createBucket(region)]
        if (params["versioning"] ?? "true").isTrue {
            lines.append(AWSCommands.aws(["s3api", "put-bucket-versioning", "--bucket", bucket, "--versioning-configuration", "Status=Enabled"], region: region))
        }
        let sse: JSONValue = .object(["Rules": .array([.object(["ApplyServerSideEncryptionByDefault": .object(["SSEAlgorithm": .string(algorithm)])])])])
        lines.append(AWSCommands.aws(["s3api", "put-bucket-encryption", "--bucket", bucket, "--server-side-encryption-configuration", AWSCommands.json(sse)],
                                     region: region))
        if (params["block_public_access"] ?? "true").isTrue {
            lines.append(AWSCommands.aws(["s3api", "put-public-access-block", "--bucket", bucket, "--public-access-block-configuration",
                                          "BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true"], region: region))
        }
        lines.append(AWSCommands.aws(["s3api", "put-bucket-lifecycle-configuration", "--bucket", bucket,
                                      "--lifecycle-configuration", AWSCommands.json(try lifecycleJSON())], region: region))
        return lines
    }

    /// us-east-1 takes no LocationConstraint (S3 refuses one); every other region needs it.
    func createBucket(_ region: ShellWord) -> AWSCommands.Line {
        let plain = AWSCommands.aws(["s3api", "create-bucket", "--bucket", .text(name)], region: region)
        let located = AWSCommands.aws(["s3api", "create-bucket", "--bucket", .text(name), "--create-bucket-configuration", "LocationConstraint=" + region],
                                      region: region)
        if region.parts == [.text("us-east-1")] { return plain }
        if region.parts.count == 1, case .text = region.parts[0] { return located }
        let test = "[ \(region.rendered) = us-east-1 ]"
        return AWSCommands.Line(text: "if \(test); then \(plain.text); else \(located.text); fi", variables: plain.variables)
    }

    /// The same rules as `lifecycle()`, as the CLI's JSON.
    func lifecycleJSON() throws(ProviderFailure) -> JSONValue {
        func rule(_ id: String, _ key: String, _ action: JSONValue) -> JSONValue {
            .object(["ID": .string(id), "Filter": .object(["Prefix": .string("")]), "Status": .string("Enabled"), key: action])
        }
        let abort = try AWSCommands.days(params, "abort_multipart_days", resource: "s3-bucket") ?? 7
        var rules = [rule("ws-abort-multipart", "AbortIncompleteMultipartUpload", .object(["DaysAfterInitiation": .int(Int64(abort))]))]
        if (params["versioning"] ?? "true").isTrue, let days = try AWSCommands.days(params, "noncurrent_days", resource: "s3-bucket") {
            rules.append(rule("ws-noncurrent-versions", "NoncurrentVersionExpiration", .object(["NoncurrentDays": .int(Int64(days))])))
        }
        if let days = try AWSCommands.days(params, "expire_days", resource: "s3-bucket") {
            rules.append(rule("ws-expire", "Expiration", .object(["Days": .int(Int64(days))])))
        }
        return .object(["Rules": .array(rules)])
    }
}
