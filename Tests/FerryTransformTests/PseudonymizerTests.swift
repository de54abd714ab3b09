import FerryCore
import Foundation
import Testing

@testable import FerryTransform

@Suite struct PseudonymizerTests {
    let pseudonymizer = Pseudonymizer(key: "0123456789abcdef-test-key")

    /// Pseudonyms must stay the same from one version of Ferry to the next, or joins across runs break.
    /// The expected values are HMAC-SHA256 computed apart from Ferry (Python's `hmac`), cut to 32 digits.
    @Test func pseudonymsAreTheKeyedMACOfTheNormalizedValue() {
        let adele = "ec43e942ce714d5a98ea582d971d22ac"
        for spelling in ["adelev@contoso.example", "AdeleV@Contoso.EXAMPLE", " adelev@contoso.example\r\n", "\u{3000}ADELEV@contoso.example\u{A0}"] {
            #expect(pseudonymizer.pseudonym(of: spelling, kind: .email) == adele, "\(spelling.debugDescription)")
        }
        #expect(pseudonymizer.pseudonymKeepingDomain(of: " AdeleV@Contoso.example ") == adele + "@contoso.example")
        let name = "c7ccc168b0bea1339a0e41eedad11e30"
        for spelling in ["Adele Vance", "  Adele   Vance\t", "\u{2003}Adele  Vance\u{2029}"] {
            #expect(pseudonymizer.pseudonym(of: spelling, kind: .name) == name, "\(spelling.debugDescription)")
        }
        #expect(pseudonymizer.pseudonym(of: "adele vance", kind: .name) != name)
    }

    /// Every character Foundation's `.whitespacesAndNewlines` trims is trimmed, and no other, at either end.
    @Test func trimsWhatFoundationTrims() {
        for value in 0..<0x11_0000 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let padded = "\(scalar)\(scalar)a b\(scalar)"
            let expected = padded.trimmingCharacters(in: .whitespacesAndNewlines)
            guard Pseudonymizer.trimmingWhiteSpace(padded) == expected else {
                Issue.record("U+\(String(value, radix: 16, uppercase: true)) is trimmed differently from Foundation")
                return
            }
        }
        for value in ["", " ", "\n\t ", "a", " a", "a ", "\u{301}", " \u{301}x", "x\u{301} ", "Zoë", "\u{1F600} "] {
            #expect(Pseudonymizer.trimmingWhiteSpace(value) == value.trimmingCharacters(in: .whitespacesAndNewlines))
        }
    }
}
