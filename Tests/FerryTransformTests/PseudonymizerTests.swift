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
        // The key's id in manifests: the MAC of a fixed label, cut to 16 digits (Python's `hmac` too).
        #expect(pseudonymizer.keyId == "hmac-sha256:c770b5a9bfc0458f")
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

/// The byte path that pseudonymizes plain strings without decoding them gives the decoding path's
/// bytes exactly, for every kind of personal data, and declines everything it cannot settle.
@Suite struct PlainBytePseudonymTests {
    let pseudonymizer = Pseudonymizer(key: "a test key of enough length")

    /// Strings near every rule's edge: case, domains, separators, runs of spaces, escapes, non-ASCII,
    /// white space at either end, and short or empty ones; then many made from a fixed seed.
    static func samples() -> [String] {
        var samples = [
            "Alice.Smith@Contoso.COM", "bob@fabrikam.com", "no-at-sign", "trailing@", "@leading", "a@b@C.org",
            "+1 (425) 555-0100", "425.555.0100", "()-./", "Ann  Lee", "Ann   Lee  Jr", "x", "X", "a b",
            " leading", "trailing ", "\tabbed", "quote\"d", "back\\slash", "Zoë Ünal", "tab\there", "",
            "MiXeD Case Subject: Re:  Q3   plan", "<0123ABC@mail.contoso.com>", "https://outlook.office365.com/owa/?ItemID=AAMk%2F",
        ]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        let alphabet = Array("aZ09 .@-()/+_\"'x Q".unicodeScalars) + ["é", "\u{A0}", "\u{200B}", "\t"]
        for _ in 0..<1_500 {
            var text = ""
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let length = Int(state >> 60)
            for _ in 0..<length {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                text.unicodeScalars.append(alphabet[Int(state >> 33) % alphabet.count])
            }
            samples.append(text)
        }
        // Longer ones, read eight bytes at a time: mostly plain, with the odd space, run of spaces or
        // byte that declines anywhere, word boundaries included.
        let plain = Array("abcXYZ019.@-_".unicodeScalars)
        let odd = Array(" \\\"\t".unicodeScalars) + ["é", "\u{7F}", "\u{1F}"]
        for _ in 0..<800 {
            var text = ""
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let length = 8 + Int(state >> 58)
            for _ in 0..<length {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                let pick = Int(state >> 33)
                text.unicodeScalars.append(pick % 16 == 0 ? odd[(pick / 16) % odd.count] : plain[(pick / 16) % plain.count])
            }
            samples.append(text)
        }
        return samples
    }

    @Test func givesTheDecodingPathsBytesOrDeclines() {
        var taken = 0
        for text in Self.samples() {
            var json: [UInt8] = []
            JSONWriter.writeString(text, into: &json)
            for kind in [PersonalDataKind.email, .name, .text, .identifier, .phone, .externalId] {
                for keepDomain in [false, true] {
                    var fast: [UInt8] = []
                    guard pseudonymizer.appendPseudonym(ofPlainJSON: json, 1..<json.count - 1, kind: kind, keepDomain: keepDomain, to: &fast)
                    else {
                        #expect(fast.isEmpty, "a declined string appended nothing")
                        continue
                    }
                    taken += 1
                    var slow: [UInt8] = []
                    JSONWriter.writeString(
                        PseudonymCache.pseudonym(of: text, kind: kind, keepDomain: keepDomain, using: pseudonymizer), into: &slow)
                    #expect(fast == slow, "\(kind) keepDomain=\(keepDomain) of \(text.debugDescription)")
                }
            }
        }
        #expect(taken > 2_000, "the byte path settles the plain strings (about 3,000 of these)")
    }

    @Test func declinesWhatOnlyDecodingSettles() {
        for text in [" padded", "padded ", "es\\caped", "Zoë", "tab\tin", "\u{A0}nbsp", ""] {
            var json: [UInt8] = []
            JSONWriter.writeString(text, into: &json)
            var out: [UInt8] = []
            #expect(!pseudonymizer.appendPseudonym(ofPlainJSON: json, 1..<json.count - 1, kind: .name, keepDomain: false, to: &out))
        }
        var out: [UInt8] = []
        let json = Array("\"Alice.Smith@Contoso.COM\"".utf8)
        #expect(pseudonymizer.appendPseudonym(ofPlainJSON: json, 1..<json.count - 1, kind: .email, keepDomain: true, to: &out))
        #expect(String(decoding: out, as: UTF8.self).hasSuffix("@contoso.com\""))
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

    /// Free text and external ids are mostly seen once: they are pseudonymized every time, never stored,
    /// whether their bytes are plain or escaped, and what is not a string is refused as for any kind.
    @Test func neverStoresTextOrExternalIds() {
        var cache = PseudonymByteCache(pseudonymizer: pseudonymizer)
        for round in 0..<2 {
            for index in 0..<100 {
                let subject = "Re:  plan \(index)"
                #expect(lookUp(&cache, "\"\(subject)\"", kind: .text) == pseudonymizer.pseudonym(of: subject, kind: .text), "round \(round)")
                let id = "<\(index)@mail.contoso.example>"
                #expect(lookUp(&cache, "\"\(id)\"", kind: .externalId) == pseudonymizer.pseudonym(of: id, kind: .externalId))
            }
        }
        #expect(lookUp(&cache, #""Zo\u00eb \ud83d\ude80 ""#, kind: .text) == pseudonymizer.pseudonym(of: "Zoë 🚀 ", kind: .text))
        #expect(lookUp(&cache, "42", kind: .text) == nil)
        #expect(lookUp(&cache, "true", kind: .externalId) == nil)
        #expect(cache.storedCount == 0)
        #expect(lookUp(&cache, #""Person@Contoso.example""#, kind: .email) == pseudonymizer.pseudonym(of: "person@contoso.example", kind: .email))
        #expect(cache.storedCount == 1)
    }
}
