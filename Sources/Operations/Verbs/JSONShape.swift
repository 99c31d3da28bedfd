/// A cheap check that stored bytes are a JSON array before they are printed as one: one pass, no values
/// built. Brackets must match and close once at the top; outside strings only JSON's punctuation, literals,
/// numbers and whitespace may appear; no control byte anywhere (JSON escapes them inside strings, and
/// `FastJSON` writes them escaped). A copy forged under the current key with a valid digest but holding
/// terminal escapes or text was printed as it stood (red team F5): now it is recomputed and rewritten.
/// Measured on the 10,000-workstream plan's 3 MB answer: see BENCHMARKS.md / the commit that added it.
enum JSONShape {
    static func isArray(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var open: [UInt8] = []
        var inString = false, escaped = false, closed = false
        for b in bytes {
            if inString {
                if escaped { escaped = false; if b < 0x20 { return false }; continue }
                if b == 0x5C { escaped = true } else if b == 0x22 { inString = false } else if b < 0x20 { return false }
                continue
            }
            switch b {
            case 0x20, 0x09, 0x0A, 0x0D: continue
            default: break
            }
            if closed { return false }
            switch b {
            case 0x22: inString = true
            case 0x5B, 0x7B:
                if open.isEmpty && b != 0x5B { return false }
                open.append(b == 0x5B ? 0x5D : 0x7D)
            case 0x5D, 0x7D:
                guard open.last == b else { return false }
                open.removeLast()
                closed = open.isEmpty
            default:
                guard !open.isEmpty, isScalarByte(b) else { return false }
            }
        }
        return closed && !inString
    }

    /// Bytes of numbers, `true`, `false`, `null`, and the separators.
    private static func isScalarByte(_ b: UInt8) -> Bool {
        switch b {
        case 0x30...0x39, 0x2B, 0x2D, 0x2E, 0x2C, 0x3A, 0x45, 0x65: return true
        case 0x61, 0x66, 0x6C, 0x6E, 0x72, 0x73, 0x74, 0x75: return true // a f l n r s t u
        default: return false
        }
    }
}
