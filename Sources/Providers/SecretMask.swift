import Foundation

/// Replaces known secret values with a mask wherever text leaves ws: progress
/// lines, error messages, the full-output files of failed commands. It matches
/// each secret's exact UTF-8 bytes — not Swift's Characters, which would let a
/// combining mark or a variation selector printed after a secret join its last
/// letter into another character and hide it from the match — and masks the
/// union of every match of every secret, so secrets that overlap or contain one
/// another are masked whole. It never rewrites what a provider recorded as an
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
        guard !values.isEmpty else { return text }
        let bytes = Array(text.utf8)
        let ranges = matches(in: bytes)
        guard !ranges.isEmpty else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var at = 0
        for r in ranges {
            out += bytes[at..<r.lowerBound]
            out += Self.mask.utf8
            at = r.upperBound
        }
        out += bytes[at...]
        // Matches start and end where the secret's scalars do, so the bytes stay valid UTF-8.
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether `text` holds one of the secrets (byte for byte, as `apply` masks).
    public func reveals(_ text: String) -> Bool {
        guard !values.isEmpty else { return false }
        let bytes = Array(text.utf8)
        return values.contains { !Self.occurrences(of: Array($0.utf8), in: bytes, first: true).isEmpty }
    }

    /// Every match of every secret, overlapping ones merged, in order.
    func matches(in bytes: [UInt8]) -> [Range<Int>] {
        let found = values.flatMap { Self.occurrences(of: Array($0.utf8), in: bytes, first: false) }
            .sorted { $0.lowerBound < $1.lowerBound }
        var merged: [Range<Int>] = []
        for r in found {
            if let last = merged.last, r.lowerBound < last.upperBound {
                merged[merged.count - 1] = last.lowerBound..<max(last.upperBound, r.upperBound)
            } else {
                merged.append(r)
            }
        }
        return merged
    }

    /// Where `needle` occurs in `haystack`, overlapping occurrences included (only the first when `first`).
    static func occurrences(of needle: [UInt8], in haystack: [UInt8], first: Bool) -> [Range<Int>] {
        guard !needle.isEmpty, needle.count <= haystack.count else { return [] }
        var found: [Range<Int>] = []
        haystack.withUnsafeBufferPointer { hay in
            needle.withUnsafeBufferPointer { pin in
                guard let hayBase = hay.baseAddress, let pinBase = pin.baseAddress else { return }
                let last = hay.count - pin.count
                var i = 0
                while i <= last {
                    // memchr finds the candidate starts; memcmp compares the rest.
                    guard let hit = memchr(hayBase + i, Int32(pin[0]), last - i + 1) else { return }
                    let start = hayBase.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                    if memcmp(hayBase + start, pinBase, pin.count) == 0 {
                        found.append(start..<(start + pin.count))
                        if first { return }
                    }
                    i = start + 1
                }
            }
        }
        return found
    }
}
