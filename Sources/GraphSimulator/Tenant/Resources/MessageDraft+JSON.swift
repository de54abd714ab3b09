extension MessageDraft {
    /// Writes the message as a Graph JSON object; `@odata.etag` and `id` are always written, as Graph does.
    ///
    /// Text goes straight into the page's bytes (see `MessageDraft+JSONText`), and keys are escaped once.
    func write(to writer: inout JSONWriter, selection: PropertySelection<MessageProperty>) {
        writer.beginObject()
        writer.key(quoted: Self.etagKey)
        writer.rawString { bytes in
            // `W/"` and `"` around the change key; the quotes are escaped since the etag is a JSON string.
            bytes.append(literal: #"W/\""#)
            appendChangeKey(to: &bytes)
            bytes.append(literal: #"\""#)
        }
        let keys = Self.quotedKeys
        for property in MessageProperty.allCases where property == .id || selection.contains(property) {
            writer.key(quoted: keys[property.rawValue])
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
                    bytes.append(literal: #"{"contentType":"html","content":""#)
                    appendBody(to: &bytes)
                    bytes.append(literal: #""}"#)
                }
            case .sender, .from: Self.write(recipient: from, to: &writer)
            case .toRecipients: Self.write(recipients: toRecipients, to: &writer)
            case .ccRecipients: Self.write(recipients: ccRecipients, to: &writer)
            case .bccRecipients, .replyTo: Self.write(recipients: [], to: &writer)
            case .flag:
                writer.rawValue { bytes in
                    bytes.append(literal: #"{"flagStatus":""#)
                    JSONWriter.appendEscaped(contentsOf: flagStatus, to: &bytes)
                    bytes.append(literal: #""}"#)
                }
            }
        }
        writer.endObject()
    }

    private static let quotedKeys = MessageProperty.allCases.map { JSONWriter.quotedKey($0.name) }
    private static let etagKey = JSONWriter.quotedKey("@odata.etag")

    private static func write(recipients: [SimulatedEmailAddress], to writer: inout JSONWriter) {
        writer.beginArray()
        for recipient in recipients { write(recipient: recipient, to: &writer) }
        writer.endArray()
    }

    /// `{"emailAddress":{"name":…,"address":…}}`.
    private static func write(recipient: SimulatedEmailAddress, to writer: inout JSONWriter) {
        writer.rawValue { bytes in
            bytes.append(literal: #"{"emailAddress":{"name":""#)
            JSONWriter.appendEscaped(contentsOf: recipient.name, to: &bytes)
            bytes.append(literal: #"","address":""#)
            JSONWriter.appendEscaped(contentsOf: recipient.address, to: &bytes)
            bytes.append(literal: #""}}"#)
        }
    }
}
