extension MessageDraft {
    /// Writes the message as a Graph JSON object; `@odata.etag` and `id` are always written, as Graph does.
    func write(to writer: inout JSONWriter, selection: PropertySelection<MessageProperty>) {
        writer.beginObject()
        writer.key("@odata.etag")
        writer.rawString { bytes in
            bytes.append(contentsOf: Self.etagOpening)
            appendChangeKey(to: &bytes)
            bytes.append(contentsOf: Self.etagClosing)
        }
        for property in MessageProperty.allCases where property == .id || selection.contains(property) {
            writer.key(property.name)
            switch property {
            case .id: writer.rawString(appendId)
            case .createdDateTime: writer.timestamp(epochSeconds: received)
            case .lastModifiedDateTime: writer.timestamp(epochSeconds: lastModified)
            case .changeKey: writer.rawString(appendChangeKey)
            case .categories: writer.stringArray(categories)
            case .receivedDateTime: writer.timestamp(epochSeconds: received)
            case .sentDateTime: writer.timestamp(epochSeconds: sent)
            case .hasAttachments: writer.bool(hasAttachments)
            case .internetMessageId: writer.string(internetMessageId)
            case .subject: writer.string(subject)
            case .bodyPreview: writer.string(bodyPreview)
            case .importance: writer.string(importance)
            case .parentFolderId: writer.string(parentFolderId)
            case .conversationId: writer.rawString(appendConversationId)
            case .conversationIndex: writer.string(conversationIndex)
            case .isDeliveryReceiptRequested: writer.bool(false)
            case .isReadReceiptRequested: writer.bool(isReadReceiptRequested)
            case .isRead: writer.bool(isRead)
            case .isDraft: writer.bool(false)
            case .webLink: writer.rawString(appendWebLink)
            case .inferenceClassification: writer.string(inferenceClassification)
            case .body:
                writer.beginObject()
                writer.key("contentType")
                writer.string("html")
                writer.key("content")
                writer.string(body)
                writer.endObject()
            case .sender, .from: Self.write(recipient: from, to: &writer)
            case .toRecipients: Self.write(recipients: toRecipients, to: &writer)
            case .ccRecipients: Self.write(recipients: ccRecipients, to: &writer)
            case .bccRecipients, .replyTo: Self.write(recipients: [], to: &writer)
            case .flag:
                writer.beginObject()
                writer.key("flagStatus")
                writer.string(flagStatus)
                writer.endObject()
            }
        }
        writer.endObject()
    }

    /// `W/"` and `"` around the change key; the quotes are escaped since the etag is a JSON string.
    private static let etagOpening = Array("W/\\\"".utf8)
    private static let etagClosing = Array("\\\"".utf8)

    private static func write(recipients: [SimulatedEmailAddress], to writer: inout JSONWriter) {
        writer.beginArray()
        for recipient in recipients { write(recipient: recipient, to: &writer) }
        writer.endArray()
    }

    private static func write(recipient: SimulatedEmailAddress, to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("emailAddress")
        writer.beginObject()
        writer.key("name")
        writer.string(recipient.name)
        writer.key("address")
        writer.string(recipient.address)
        writer.endObject()
        writer.endObject()
    }
}
