extension MessageDraft {
    /// Writes the message as a Graph JSON object; `@odata.etag` and `id` are always written, as Graph does.
    ///
    /// Text goes straight into the page's bytes (see `MessageDraft+JSONText`), and keys are escaped once.
    func write(to writer: inout JSONWriter, selection: PropertySelection<MessageProperty>) {
        writer.beginObject()
        writer.key(quoted: Self.etagKey)
        writer.rawString { bytes in
            bytes.append(contentsOf: Self.etagOpening)
            appendChangeKey(to: &bytes)
            bytes.append(contentsOf: Self.etagClosing)
        }
        for property in MessageProperty.allCases where property == .id || selection.contains(property) {
            writer.key(quoted: Self.quotedKeys[property.rawValue])
            switch property {
            case .id: writer.rawString { appendId(to: &$0) }
            case .createdDateTime: writer.timestamp(epochSeconds: received)
            case .lastModifiedDateTime: writer.timestamp(epochSeconds: lastModified)
            case .changeKey: writer.rawString { appendChangeKey(to: &$0) }
            case .categories: writer.stringArray(categories)
            case .receivedDateTime: writer.timestamp(epochSeconds: received)
            case .sentDateTime: writer.timestamp(epochSeconds: sent)
            case .hasAttachments: writer.bool(hasAttachments)
            case .internetMessageId: writer.rawString { appendInternetMessageId(to: &$0) }
            case .subject: writer.rawString { appendSubject(to: &$0) }
            case .bodyPreview:
                if isBodyPreviewWhole { writer.rawString { appendBodyPreview(to: &$0) } } else { writer.string(bodyPreview) }
            case .importance: writer.string(importance)
            // Base64 (URL-safe): nothing to escape.
            case .parentFolderId: writer.rawString { $0.append(contentsOf: mailbox.folderId(of: folder).utf8) }
            case .conversationId: writer.rawString { appendConversationId(to: &$0) }
            case .conversationIndex: writer.rawString { appendConversationIndex(to: &$0) }
            case .isDeliveryReceiptRequested: writer.bool(false)
            case .isReadReceiptRequested: writer.bool(isReadReceiptRequested)
            case .isRead: writer.bool(isRead)
            case .isDraft: writer.bool(false)
            case .webLink: writer.rawString { appendWebLink(to: &$0) }
            case .inferenceClassification: writer.string(inferenceClassification)
            case .body:
                writer.rawValue { bytes in
                    bytes.append(contentsOf: Self.bodyOpening)
                    appendBody(to: &bytes)
                    bytes.append(contentsOf: Self.bodyClosing)
                }
            case .sender, .from: Self.write(recipient: from, to: &writer)
            case .toRecipients: Self.write(recipients: toRecipients, to: &writer)
            case .ccRecipients: Self.write(recipients: ccRecipients, to: &writer)
            case .bccRecipients, .replyTo: Self.write(recipients: [], to: &writer)
            case .flag:
                writer.rawValue { bytes in
                    bytes.append(contentsOf: Self.flagOpening)
                    JSONWriter.appendEscaped(contentsOf: flagStatus, to: &bytes)
                    bytes.append(contentsOf: Self.flagClosing)
                }
            }
        }
        writer.endObject()
    }

    private static let quotedKeys = MessageProperty.allCases.map { JSONWriter.quotedKey($0.name) }
    private static let etagKey = JSONWriter.quotedKey("@odata.etag")
    /// `W/"` and `"` around the change key; the quotes are escaped since the etag is a JSON string.
    private static let etagOpening = Array("W/\\\"".utf8)
    private static let etagClosing = Array("\\\"".utf8)
    /// `{"contentType":"html","content":"` and `"}` around the body's text.
    private static let bodyOpening = Array("{\"contentType\":\"html\",\"content\":\"".utf8)
    private static let bodyClosing = Array("\"}".utf8)
    private static let flagOpening = Array("{\"flagStatus\":\"".utf8)
    private static let flagClosing = Array("\"}".utf8)
    private static let recipientOpening = Array("{\"emailAddress\":{\"name\":\"".utf8)
    private static let recipientMiddle = Array("\",\"address\":\"".utf8)
    private static let recipientClosing = Array("\"}}".utf8)

    private static func write(recipients: [SimulatedEmailAddress], to writer: inout JSONWriter) {
        writer.beginArray()
        for recipient in recipients { write(recipient: recipient, to: &writer) }
        writer.endArray()
    }

    /// `{"emailAddress":{"name":…,"address":…}}`.
    private static func write(recipient: SimulatedEmailAddress, to writer: inout JSONWriter) {
        writer.rawValue { bytes in
            bytes.append(contentsOf: recipientOpening)
            JSONWriter.appendEscaped(contentsOf: recipient.name, to: &bytes)
            bytes.append(contentsOf: recipientMiddle)
            JSONWriter.appendEscaped(contentsOf: recipient.address, to: &bytes)
            bytes.append(contentsOf: recipientClosing)
        }
    }
}
