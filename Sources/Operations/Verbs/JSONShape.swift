/// A cheap check that stored bytes may be printed as `ws blocked --json`'s answer: an array (`[` first and `]`
/// last, whitespace aside) with no control byte anywhere but JSON's whitespace (JSON escapes control characters
/// inside strings, and `FastJSON` writes them escaped). A copy forged under the current key with a matching
/// digest but holding terminal escapes or text was printed as it stood (red team F5): now it is recomputed and
/// rewritten. Not a parse: a full structural check cost 6.1-6.7 ms on the 10,000-workstream answer (3 MB,
/// 61 M instructions, -O), as much as serving it; this one scans 8 bytes a word: 0.39-0.45 ms.
enum JSONShape {
    static func isArray(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = bytes.firstIndex(where: { !isWhitespace($0) }),
              let last = bytes.lastIndex(where: { !isWhitespace($0) }),
              bytes[first] == UInt8(ascii: "["), bytes[last] == UInt8(ascii: "]") else { return false }
        return !hasControlByte(bytes)
    }

    static func isWhitespace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 }

    /// A byte below 0x20 other than a tab, a newline or a carriage return, or DEL. Words of 8 bytes are
    /// tested at once (a byte below 0x20 sets its high bit in `word - 0x20…` where it was clear in `word`);
    /// only a word with a hit is looked at byte by byte.
    static func hasControlByte(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        let raw = UnsafeRawPointer(base)
        let words = bytes.count / 8
        for i in 0..<words {
            let word = raw.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self)
            let below = (word &- 0x2020_2020_2020_2020) & ~word & 0x8080_8080_8080_8080
            let delete = word ^ 0x7F7F_7F7F_7F7F_7F7F
            let deleted = (delete &- 0x0101_0101_0101_0101) & ~delete & 0x8080_8080_8080_8080
            if below | deleted != 0, bytes[(i * 8)..<(i * 8 + 8)].contains(where: isControl) { return true }
        }
        return bytes[(words * 8)...].contains(where: isControl)
    }

    private static func isControl(_ b: UInt8) -> Bool { (b < 0x20 && !isWhitespace(b)) || b == 0x7F }
}
