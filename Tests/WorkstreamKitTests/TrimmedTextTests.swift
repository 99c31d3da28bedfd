import Foundation
import Testing
@testable import WorkstreamKit

/// `Doc.trimmed` skips Foundation's trimming when the text cannot need it (printable ASCII at both ends); the
/// reference is Foundation's `trimmingCharacters`, on text that begins or ends with every kind of blank.
@Suite struct TrimmedTextTests {
    static let edges = ["", " ", "\t", "\n", "\r", "\u{0B}", "\u{0C}", "\u{85}", "\u{A0}", "\u{1680}", "\u{2003}",
                        "\u{200B}", "\u{2028}", "\u{202F}", "\u{3000}", "\u{FEFF}", "a", "~", "#", "é", "e\u{301}",
                        "\u{1F680}", "\u{7F}", "\u{01}"]

    @Test(arguments: [CharacterSet.whitespaces, .whitespacesAndNewlines])
    func trimsAsFoundationDoes(set: CharacterSet) {
        for head in Self.edges {
            for tail in Self.edges {
                for middle in ["", "x", " mid dle ", "ü"] {
                    let text = head + middle + tail
                    #expect(Doc.trimmed(text, set) == text.trimmingCharacters(in: set), "\(Array(text.unicodeScalars))")
                }
            }
        }
    }

    /// `opensEndlessHTML` answers at once for a line that does not start with "<"; these do, in every case.
    @Test func htmlBlocksAreStillFoundInAnyCase() {
        for line in ["<PRE>", "<Script src=x>", "<!-- c", "<?php", "<![CDATA[", "<!DOCTYPE html", "<style"] {
            #expect(Doc.opensEndlessHTML(line), "\(line)")
        }
        for line in ["pre", " <pre>", "<p>", "text <!--", "<", "<prefix>"] {
            #expect(!Doc.opensEndlessHTML(line), "\(line)")
        }
    }
}
