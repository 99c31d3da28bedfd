/// Replaces known secret values with a mask wherever text leaves ws: progress
/// lines, error messages, recorded failures. Longer values first, so a secret
/// that contains another is masked whole.
public struct SecretMask: Sendable {
    public private(set) var values: [String] = []
    public static let mask = "********"

    public init(_ values: [String] = []) { for v in values { add(v) } }

    /// Very short values would mask ordinary words; those are not secrets worth the name.
    public mutating func add(_ value: String) {
        guard value.count >= 4, !values.contains(value) else { return }
        values.append(value)
        values.sort { $0.count > $1.count }
    }

    public func apply(_ text: String) -> String {
        var out = text
        for v in values where out.contains(v) { out = out.replacingOccurrences(of: v, with: Self.mask) }
        return out
    }
}
