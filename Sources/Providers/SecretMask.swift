/// Replaces known secret values with a mask wherever text leaves ws: progress
/// lines, error messages, the full-output files of failed commands. It matches
/// each secret's exact value; longer values first, so a secret that contains
/// another is masked whole. It never rewrites what a provider recorded as an
/// output: an output that carries a secret becomes a secret itself.
public struct SecretMask: Sendable {
    public private(set) var values: [String] = []
    public static let mask = "********"

    /// Secrets shorter than this are refused (`ws artifact --secret`, secret
    /// parameters) and never masked. Masking matches exact text, so a short
    /// value hits ordinary words: the secret `local` once turned every later
    /// path through `/ws/local/` into `/ws/********/`. Eight characters is the
    /// least that RDS, Azure and Cloud SQL accept as a password, and of letters
    /// and digits it has 62^8 ≈ 2·10^14 values, so a random one is not found
    /// in ordinary output by chance.
    public static let minimumLength = 8

    public init(_ values: [String] = []) { for v in values { add(v) } }

    /// Whether `value` is long enough to be kept as a secret and masked.
    public static func isMaskable(_ value: String) -> Bool { value.count >= minimumLength }

    public mutating func add(_ value: String) {
        guard Self.isMaskable(value), !values.contains(value) else { return }
        values.append(value)
        values.sort { $0.count > $1.count }
    }

    public mutating func add(contentsOf other: [String]) { for v in other { add(v) } }

    public func apply(_ text: String) -> String {
        var out = text
        for v in values where out.contains(v) { out = out.replacingOccurrences(of: v, with: Self.mask) }
        return out
    }

    /// Whether `text` holds one of the secrets.
    public func reveals(_ text: String) -> Bool { values.contains { text.contains($0) } }
}
