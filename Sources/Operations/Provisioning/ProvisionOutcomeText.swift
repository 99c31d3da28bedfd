import WorkstreamKit

extension ProvisionOutcome {
    /// The outcome with a provider's words made recordable: the log refuses control characters other
    /// than line breaks and tabs (a colour escape in a CLI's error would reach every terminal that shows
    /// it), and an outcome the log refused would leave the resource made but unrecorded. They are kept
    /// visible as `\u{1b}`, not dropped.
    var cleaned: ProvisionOutcome {
        switch self {
        case .succeeded(var s):
            s.outputs = s.outputs.mapValues(Self.recordable)
            s.commands = s.commands.map(Self.recordable)
            return .succeeded(s)
        case .failed(var f):
            f.message = Self.recordable(f.message)
            return .failed(f)
        }
    }

    static func recordable(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: { Text.isControl($0) && $0 != "\n" && $0 != "\t" }) else { return s }
        var out = ""
        for u in s.unicodeScalars {
            if Text.isControl(u) && u != "\n" && u != "\t" {
                out += "\\u{\(String(u.value, radix: 16))}"
            } else {
                out.unicodeScalars.append(u)
            }
        }
        return out
    }
}
