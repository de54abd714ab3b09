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

    /// A phone number joins however it was written; other kinds keep their punctuation.
    @Test func phoneNumbersCompareWithoutSeparators() {
        let phone = pseudonymizer.pseudonym(of: "+14255550100", kind: .phone)
        for spelling in ["+1 425 555 0100", "+1 (425) 555-0100", " +1.425.555.0100\n", "+1/425/555\u{A0}0100"] {
            #expect(pseudonymizer.pseudonym(of: spelling, kind: .phone) == phone, "\(spelling.debugDescription)")
        }
        #expect(pseudonymizer.pseudonym(of: "+1 425 555 0101", kind: .phone) != phone)
        #expect(pseudonymizer.pseudonym(of: "<a-b@x>", kind: .externalId) != pseudonymizer.pseudonym(of: "<ab@x>", kind: .externalId))
    }

    /// Object ids stay as they are for joins; everything else that identifies someone is hashed or dropped.
    @Test func defaultModesKeepOnlyObjectIds() {
        let defaults = Dictionary(uniqueKeysWithValues: PersonalDataKind.allCases.map { ($0, PseudonymMode.defaultMode(for: $0)) })
        #expect(defaults == [.email: .hash, .name: .hash, .text: .drop, .identifier: .keep, .phone: .hash, .externalId: .hash])
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

@Suite struct PseudonymByteCacheTests {
    let pseudonymizer = Pseudonymizer(key: "0123456789abcdef-test-key")

    func lookUp(_ cache: inout PseudonymByteCache, _ json: String, kind: PersonalDataKind, keepDomain: Bool = false) -> String? {
        let bytes = Array(json.utf8)
        var out: [UInt8] = [0x2A]
        guard cache.appendPseudonym(ofString: 0..<bytes.count, in: bytes, kind: kind, keepDomain: keepDomain, to: &out) else {
            return nil
        }
        #expect(out.first == 0x2A)
        guard case .string(let text)? = try? JSONParser.parse(Array(out.dropFirst())) else { return nil }
        return text
    }

    /// Thousands of values, past the point where the slots grow and where the cache starts over, looked
    /// up twice: every answer is the pseudonym itself, whichever way it was found.
    @Test func answersThePseudonymWhetherItIsCachedOrNot() {
        var cache = PseudonymByteCache(pseudonymizer: pseudonymizer, capacity: 3_000)
        for round in 0..<2 {
            for index in 0..<5_000 {
                let address = "Person.\(index)@Contoso.example"
                #expect(lookUp(&cache, "\"\(address)\"", kind: .email) == pseudonymizer.pseudonym(of: address, kind: .email), "round \(round)")
                #expect(lookUp(&cache, "\"\(address)\"", kind: .name) == pseudonymizer.pseudonym(of: address, kind: .name))
                #expect(
                    lookUp(&cache, "\"\(address)\"", kind: .email, keepDomain: true) == pseudonymizer.pseudonymKeepingDomain(of: address))
            }
        }
        let escaped = #""Zo\u00eb \"Z\" \ud83d\ude80""#
        #expect(lookUp(&cache, escaped, kind: .name) == pseudonymizer.pseudonym(of: "Zoë \"Z\" 🚀", kind: .name))
        #expect(lookUp(&cache, escaped, kind: .name) == pseudonymizer.pseudonym(of: "Zoë \"Z\" 🚀", kind: .name))
        let long = String(repeating: "x", count: 600)
        #expect(lookUp(&cache, "\"\(long)\"", kind: .text) == pseudonymizer.pseudonym(of: long, kind: .text))
        #expect(lookUp(&cache, "\"\(long)\"", kind: .text) == pseudonymizer.pseudonym(of: long, kind: .text))
        #expect(lookUp(&cache, "42", kind: .email) == nil)
    }
}
