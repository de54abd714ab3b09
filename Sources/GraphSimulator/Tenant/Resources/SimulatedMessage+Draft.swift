import Foundation

extension SimulatedMessage {
    /// The complete message a draft describes.
    init(_ draft: MessageDraft) {
        self.init(
            id: draft.id,
            userIndex: draft.mailbox.userIndex,
            ordinal: draft.ordinal,
            receivedDateTime: Date(timeIntervalSince1970: TimeInterval(draft.received)),
            sentDateTime: Date(timeIntervalSince1970: TimeInterval(draft.sent)),
            createdDateTime: Date(timeIntervalSince1970: TimeInterval(draft.received)),
            lastModifiedDateTime: Date(timeIntervalSince1970: TimeInterval(draft.lastModified)),
            from: draft.from,
            toRecipients: draft.toRecipients,
            ccRecipients: draft.ccRecipients,
            subject: draft.subject,
            bodyPreview: draft.bodyPreview,
            body: draft.body,
            importance: draft.importance,
            isRead: draft.isRead,
            hasAttachments: draft.hasAttachments,
            isReadReceiptRequested: draft.isReadReceiptRequested,
            categories: draft.categories,
            inferenceClassification: draft.inferenceClassification,
            flagStatus: draft.flagStatus,
            internetMessageId: draft.internetMessageId,
            conversationId: draft.conversationId,
            conversationIndex: draft.conversationIndex,
            changeKey: draft.changeKey,
            parentFolderId: draft.parentFolderId,
            webLink: draft.webLink)
    }
}
