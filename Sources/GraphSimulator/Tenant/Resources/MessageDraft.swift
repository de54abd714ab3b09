import Foundation

/// A message as drawn from its random stream, before any of its text is built.
///
/// Pages with `$select` write only some properties; building text on demand from the draft, rather than
/// a whole `SimulatedMessage` per item, keeps the cost of a page proportional to what it returns.
struct MessageDraft: Sendable {
    let mailbox: SimulatedMailbox
    let folder: SimulatedMailFolder
    let ordinal: Int
    /// Whom the body greets: the owner for received mail, the first recipient for sent mail.
    let greeting: String
    /// Seconds since 1970.
    let received: Int64
    let sent: Int64
    let lastModified: Int64
    let from: SimulatedEmailAddress
    let toRecipients: [SimulatedEmailAddress]
    let ccRecipients: [SimulatedEmailAddress]
    let topic: Int
    /// Index into `MessageVocabulary.subjectPrefixes`, or nil for a fresh thread.
    let subjectPrefix: Int?
    let sentences: [Int]
    let importance: String
    let isRead: Bool
    let hasAttachments: Bool
    let isReadReceiptRequested: Bool
    let categories: [String]
    let inferenceClassification: String
    let flagStatus: String
    let changeNumber: UInt64
    let conversation: UInt64
    let internetMessageWord: UInt64
    /// When the sender's client stamped the headers (`internetMessageId`, `conversationIndex`), if not at
    /// `received`: the sending time of a mirrored message, the same in every copy.
    var stampedSecond: Int64? = nil

    /// The second the headers carry.
    var stamped: Int64 { stampedSecond ?? received }

    var subject: String {
        subjectPrefix.map { MessageVocabulary.subjectPrefixes[$0] + MessageVocabulary.subject(topic: topic) }
            ?? MessageVocabulary.subject(topic: topic)
    }

    var bodyPreview: String {
        var preview = "Hi " + greeting + ","
        for sentence in sentences { preview += "\r\n" + MessageVocabulary.sentences[sentence] }
        preview += "\r\nThanks,\r\n" + from.name
        return preview.utf8.count <= 255 ? preview : String(preview.prefix(255))
    }

    /// The HTML body, as Outlook stores a simple message.
    var body: String {
        var html = "<html><head>\r\n<meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\"></head><body><p>Hi "
        html += Self.htmlEscaped(greeting) + ",</p>"
        for sentence in sentences { html += "<p>" + Self.htmlEscaped(MessageVocabulary.sentences[sentence]) + "</p>" }
        html += "<p>Thanks,<br>" + Self.htmlEscaped(from.name) + "</p></body></html>"
        return html
    }

    func appendId(to output: inout [UInt8]) {
        mailbox.appendItemId(in: folder, ordinal: ordinal, to: &output)
    }

    var id: String { mailbox.folder(folder).itemIdTemplate.string(suffix: mailbox.itemIdSuffix(ordinal: ordinal)) }

    var parentFolderId: String { mailbox.folder(folder).folderId }

    /// The change key's bytes; `changeKey` is built apart, from arrays, so tests compare the two.
    func appendChangeKey(to output: inout [UInt8]) {
        mailbox.changeKeyTemplate.append(last: 6, of: changeNumber, to: &output)
    }

    var changeKey: String {
        mailbox.changeKeyTemplate.string(suffix: Array(SimulatedMailbox.bytes(of: changeNumber).suffix(6)))
    }

    /// The conversation id's bytes; `conversationId` is built apart, from arrays, so tests compare the two.
    func appendConversationId(to output: inout [UInt8]) {
        mailbox.conversationIdTemplate.append(words: conversation, SplitMix64.mix(conversation), to: &output)
    }

    var conversationId: String {
        mailbox.conversationIdTemplate.string(suffix: SimulatedMailbox.bytes(of: conversation, SplitMix64.mix(conversation)))
    }

    /// A header byte, five bytes of time and the conversation's GUID, as in Outlook's `conversationIndex`.
    var conversationIndex: String {
        Base64Text.string(
            [0x01] + SimulatedMailbox.bytes(of: UInt64(truncatingIfNeeded: stamped)).suffix(5)
                + SimulatedMailbox.bytes(of: conversation, SplitMix64.mix(conversation)),
            alphabet: .standard)
    }

    var internetMessageId: String {
        var bytes: [UInt8] = [UInt8(ascii: "<")]
        GUIDText.appendHex(internetMessageWord, digits: 16, to: &bytes)
        bytes.append(UInt8(ascii: "."))
        GUIDText.appendHex(UInt64(truncatingIfNeeded: stamped), digits: 10, to: &bytes)
        bytes.append(UInt8(ascii: "@"))
        let address = from.address.utf8
        if let at = address.lastIndex(of: UInt8(ascii: "@")) {
            bytes.append(contentsOf: address[address.index(after: at)...])
        }
        bytes.append(UInt8(ascii: ">"))
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The Outlook on the web link Graph gives for an item.
    var webLink: String {
        var output: [UInt8] = []
        appendWebLink(to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    func appendWebLink(to output: inout [UInt8]) {
        output.append(literal: "https://outlook.office365.com/owa/?ItemID=")
        let start = output.count
        appendId(to: &output)
        PercentEncoding.encodeQueryValue(inPlace: &output, from: start)
        output.append(literal: "&exvsurl=1&viewmodel=ReadMessageItem")
    }

    /// `text` with `&`, `<` and `>` as HTML entities.
    static func htmlEscaped(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">") || $0 == UInt8(ascii: "&") })
        else { return text }
        return text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}
