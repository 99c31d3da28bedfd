import HummingbirdTLS
import NIOSSL

/// `ws serve --tls-cert --tls-key`: HTTPS in the server itself (Hummingbird's TLS over swift-nio-ssl), for a
/// team server reached off loopback without a proxy in front. TLS 1.2 at least; the certificate file may hold
/// the whole chain, leaf first. Files that cannot be read or do not hold what they should are refused at start,
/// with the file named and never its content.
public struct ServerTLS: Sendable {
    let configuration: TLSConfiguration

    public struct Unusable: Error, CustomStringConvertible {
        public var description: String
    }

    public init(certificateFile: String, keyFile: String) throws(Unusable) {
        let chain: [NIOSSLCertificate]
        do { chain = try NIOSSLCertificate.fromPEMFile(certificateFile) } catch {
            throw Unusable(description: "--tls-cert \(certificateFile) is not a readable PEM certificate (chain)")
        }
        guard !chain.isEmpty else { throw Unusable(description: "--tls-cert \(certificateFile) holds no certificate") }
        let key: NIOSSLPrivateKey
        do { key = try NIOSSLPrivateKey(file: keyFile, format: .pem) } catch {
            throw Unusable(description: "--tls-key \(keyFile) is not a readable, unencrypted PEM private key")
        }
        var configuration = TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) },
                                                                     privateKey: .privateKey(key))
        configuration.minimumTLSVersion = .tlsv12
        do {
            // Checks now that the key belongs to the certificate, instead of at the first connection.
            _ = try NIOSSLContext(configuration: configuration)
        } catch {
            throw Unusable(description: "--tls-key \(keyFile) does not go with --tls-cert \(certificateFile)")
        }
        self.configuration = configuration
    }
}
