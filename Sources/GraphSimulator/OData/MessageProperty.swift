/// The properties of Graph's `message` the simulator serves, in the order Graph writes them.
enum MessageProperty: Int, GraphProperty {
    case id, createdDateTime, lastModifiedDateTime, changeKey, categories, receivedDateTime, sentDateTime
    case hasAttachments, internetMessageId, subject, bodyPreview, importance, parentFolderId, conversationId
    case conversationIndex, isDeliveryReceiptRequested, isReadReceiptRequested, isRead, isDraft, webLink
    case inferenceClassification, body, sender, from, toRecipients, ccRecipients, bccRecipients, replyTo, flag

    var name: String { Self.names[rawValue] }

    static let entityTypeName = "microsoft.graph.message"
    static let byLowercasedName = makeLookup()
    static let defaultSelection = PropertySelection<MessageProperty>(allCases)

    private static let names = [
        "id", "createdDateTime", "lastModifiedDateTime", "changeKey", "categories", "receivedDateTime", "sentDateTime",
        "hasAttachments", "internetMessageId", "subject", "bodyPreview", "importance", "parentFolderId", "conversationId",
        "conversationIndex", "isDeliveryReceiptRequested", "isReadReceiptRequested", "isRead", "isDraft", "webLink",
        "inferenceClassification", "body", "sender", "from", "toRecipients", "ccRecipients", "bccRecipients", "replyTo",
        "flag",
    ]
}
