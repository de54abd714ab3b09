/// What every Outlook endpoint shares: finding the mailbox and paging with `$skip`.
extension GraphService {
    /// The default and largest `$top` of Outlook collections.
    static let outlookPageSize = 10
    static let outlookMaximumPageSize = 1000

    /// The mailbox of the user a path names, or the 404 Outlook answers.
    func mailbox(ofUser userId: String) throws(GraphError) -> SimulatedMailbox {
        guard let index = tenant.userIndex(forIdOrPrincipalName: userId) else {
            throw GraphError(status: 404, code: "ErrorInvalidUser", message: "The requested user '\(userId)' is invalid.")
        }
        guard let mailbox = tenant.mailbox(ofUserAt: index) else { throw .mailboxNotEnabled }
        return mailbox
    }

    /// The absolute URL of an Outlook collection of the user, for links: `{base}/v1.0/users/{id}/{path}`.
    func outlookURL(_ request: GraphRequest, mailbox: SimulatedMailbox, _ path: String) -> String {
        request.baseURL + "/v1.0/users/" + tenant.userId(at: mailbox.userIndex) + "/" + path
    }

    /// `@odata.context` of an Outlook collection: `{base}/v1.0/$metadata#users('{id}')/{path}(select)`.
    func outlookContext(_ request: GraphRequest, mailbox: SimulatedMailbox, _ path: String, query: ODataQuery) -> String {
        request.baseURL + "/v1.0/$metadata#users('" + tenant.userId(at: mailbox.userIndex) + "')/" + path
            + Self.contextSelection(query["$select"])
    }
}

extension GraphError {
    static let mailboxNotEnabled = GraphError(
        status: 404, code: "MailboxNotEnabledForRESTAPI",
        message: "The mailbox is either inactive, soft-deleted, or is hosted on-premise.")
}
