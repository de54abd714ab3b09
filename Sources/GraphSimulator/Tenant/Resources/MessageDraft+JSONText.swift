/// A message's text written straight into a page, already escaped for JSON: the same bytes as escaping
/// `subject`, `bodyPreview`, `body`, `internetMessageId` and `conversationIndex`, without building those
/// Strings for every message. The vocabulary's pieces are escaped once, here.
extension MessageDraft {
    /// `subject`, escaped.
    func appendSubject(to output: inout [UInt8]) {
        if let subjectPrefix { output.append(contentsOf: Self.escapedSubjectPrefixes[subjectPrefix]) }
        output.append(contentsOf: Self.escapedSubjects[topic])
    }

    /// Whether `bodyPreview` is the whole text, not cut at 255 characters: then `appendBodyPreview` writes it.
    var isBodyPreviewWhole: Bool {
        var length = 4 + greeting.utf8.count + Self.previewClosing.utf8.count + from.name.utf8.count
        for sentence in sentences { length += 2 + MessageVocabulary.sentences[sentence].utf8.count }
        return length <= 255
    }

    /// `bodyPreview`, escaped, when `isBodyPreviewWhole`.
    func appendBodyPreview(to output: inout [UInt8]) {
        output.append(literal: "Hi ")
        JSONWriter.appendEscaped(contentsOf: greeting, to: &output)
        output.append(UInt8(ascii: ","))
        for sentence in sentences { output.append(contentsOf: Self.escapedPreviewSentences[sentence]) }
        output.append(contentsOf: Self.escapedPreviewClosing)
        JSONWriter.appendEscaped(contentsOf: from.name, to: &output)
    }

    /// `body`, escaped.
    func appendBody(to output: inout [UInt8]) {
        output.append(contentsOf: Self.escapedBodyOpening)
        JSONWriter.appendEscaped(contentsOf: Self.htmlEscaped(greeting), to: &output)
        output.append(contentsOf: Self.escapedGreetingClosing)
        for sentence in sentences { output.append(contentsOf: Self.escapedBodySentences[sentence]) }
        output.append(contentsOf: Self.escapedSignatureOpening)
        JSONWriter.appendEscaped(contentsOf: Self.htmlEscaped(from.name), to: &output)
        output.append(contentsOf: Self.escapedBodyClosing)
    }

    /// `internetMessageId`, escaped.
    func appendInternetMessageId(to output: inout [UInt8]) {
        output.append(UInt8(ascii: "<"))
        GUIDText.appendHex(internetMessageWord, digits: 16, to: &output)
        output.append(UInt8(ascii: "."))
        GUIDText.appendHex(UInt64(truncatingIfNeeded: stamped), digits: 10, to: &output)
        output.append(UInt8(ascii: "@"))
        var address = from.address
        address.withUTF8 { utf8 in
            if let at = utf8.lastIndex(of: UInt8(ascii: "@")) {
                JSONWriter.appendEscaped(contentsOf: UnsafeBufferPointer(rebasing: utf8[(at + 1)...]), to: &output)
            }
        }
        output.append(UInt8(ascii: ">"))
    }

    /// `conversationIndex` (base64, nothing to escape).
    func appendConversationIndex(to output: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 22) { bytes in
            bytes[0] = 0x01
            let time = UInt64(truncatingIfNeeded: stamped)
            for index in 0..<5 { bytes[1 + index] = UInt8(truncatingIfNeeded: time >> UInt64(32 - 8 * index)) }
            let mixed = SplitMix64.mix(conversation)
            for index in 0..<8 {
                bytes[6 + index] = UInt8(truncatingIfNeeded: conversation >> UInt64(56 - 8 * index))
                bytes[14 + index] = UInt8(truncatingIfNeeded: mixed >> UInt64(56 - 8 * index))
            }
            Base64Text.append(UnsafeBufferPointer(bytes), alphabet: .standard, to: &output)
        }
    }

    private static let escapedSubjectPrefixes = MessageVocabulary.subjectPrefixes.map(JSONWriter.escaped)
    private static let escapedSubjects = (0..<(MessageVocabulary.subjects.count + MessageVocabulary.plantedSubjects.count))
        .map { JSONWriter.escaped(MessageVocabulary.subject(topic: $0)) }

    private static let previewClosing = "\r\nThanks,\r\n"
    private static let escapedPreviewClosing = JSONWriter.escaped(previewClosing)
    private static let escapedPreviewSentences = MessageVocabulary.sentences.map { JSONWriter.escaped("\r\n" + $0) }

    private static let escapedBodyOpening = JSONWriter.escaped(
        "<html><head>\r\n<meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\"></head><body><p>Hi ")
    private static let escapedGreetingClosing = JSONWriter.escaped(",</p>")
    private static let escapedBodySentences = MessageVocabulary.sentences.map { JSONWriter.escaped("<p>" + htmlEscaped($0) + "</p>") }
    private static let escapedSignatureOpening = JSONWriter.escaped("<p>Thanks,<br>")
    private static let escapedBodyClosing = JSONWriter.escaped("</p></body></html>")
}
