import FerryCore

/// One Graph v1.0 record per dataset, shaped like Microsoft's documented examples, with every
/// property the schemas read and every nested value that can hold a person.
enum SchemaSampleRecords {
    /// The record `dataset` gets from Graph, or `nil` when there is no sample for it.
    static func record(for dataset: String) -> JSONValue? {
        let text: String
        switch dataset {
        case "users", "managers", "direct_reports", "group_members": text = user
        case "groups": text = group
        case "messages", "sent_items": text = message
        case "events", "calendar_view": text = event
        case "contacts": text = contact
        case "mailbox_settings": text = mailboxSettings
        default: return nil
        }
        return try? JSONParser.parse(Array(text.utf8))
    }

    static let user = """
        {"@odata.type": "#microsoft.graph.user", "id": "87d349ed-44d7-43e1-9a83-5f2406dee5bd",
         "displayName": "Adele Vance", "givenName": "Adele", "surname": "Vance", "mail": "AdeleV@contoso.com",
         "userPrincipalName": "AdeleV@contoso.com", "jobTitle": "Retail Manager", "department": "Retail",
         "officeLocation": "18/2111", "mobilePhone": "+1 425 555 0109", "businessPhones": ["+1 425 555 0109"],
         "preferredLanguage": "en-US", "accountEnabled": true, "userType": "Member",
         "createdDateTime": "2024-03-01T10:00:00Z", "companyName": "Contoso", "country": "United States",
         "city": "Redmond", "usageLocation": "US", "employeeId": "1042"}
        """

    static let group = """
        {"id": "02bd9fd6-8f93-4758-87c3-1fb73740a315", "displayName": "HR Taskforce",
         "description": "Welcome to the HR Taskforce team.", "mail": "HRTaskforce@contoso.com", "mailEnabled": true,
         "mailNickname": "HRTaskforce", "securityEnabled": false, "groupTypes": ["Unified"], "visibility": "Private",
         "classification": null, "isAssignableToRole": null, "onPremisesSyncEnabled": null, "preferredLanguage": null,
         "createdDateTime": "2024-01-02T11:12:13Z", "renewedDateTime": "2024-01-02T11:12:13Z",
         "expirationDateTime": null}
        """

    static let message = """
        {"id": "AAMkAGUAAAwTW09AAA=", "createdDateTime": "2026-11-20T09:00:01Z",
         "lastModifiedDateTime": "2026-11-20T09:00:02Z", "receivedDateTime": "2026-11-20T09:00:00Z",
         "sentDateTime": "2026-11-20T08:59:58Z", "hasAttachments": false,
         "internetMessageId": "<MWHPR1301MB2173@MWHPR1301MB2173.namprd13.prod.outlook.com>",
         "subject": "Quarterly review", "bodyPreview": "Hi Megan, here are the numbers", "importance": "normal",
         "parentFolderId": "AQMkAGUAAAIBDAAAAA==", "conversationId": "AAQkAGUAAAQ=",
         "conversationIndex": "AQHS+w==", "isDeliveryReceiptRequested": false, "isReadReceiptRequested": false,
         "isRead": true, "isDraft": false, "webLink": "https://outlook.office365.com/owa/?ItemID=AAMkAGUAAAwTW09AAA%3D",
         "inferenceClassification": "focused", "categories": ["Blue category"],
         "sender": {"emailAddress": {"name": "Adele Vance", "address": "AdeleV@contoso.com"}},
         "from": {"emailAddress": {"name": "Adele Vance", "address": "AdeleV@contoso.com"}},
         "toRecipients": [{"emailAddress": {"name": "Megan Bowen", "address": "MeganB@contoso.com"}}],
         "ccRecipients": [{"emailAddress": {"name": "Alex Wilber", "address": "AlexW@contoso.com"}}],
         "bccRecipients": [{"emailAddress": {"name": "Lee Gu", "address": "LeeG@contoso.com"}}],
         "replyTo": [{"emailAddress": {"name": "Adele Vance", "address": "AdeleV@contoso.com"}}],
         "flag": {"flagStatus": "flagged", "startDateTime": {"dateTime": "2026-11-20T00:00:00.0000000", "timeZone": "UTC"},
                  "dueDateTime": {"dateTime": "2026-11-22T00:00:00.0000000", "timeZone": "UTC"}}}
        """

    static let event = """
        {"id": "AAMkAGIAAAoZDOFAAA=", "createdDateTime": "2026-11-01T08:00:00.0000000Z",
         "lastModifiedDateTime": "2026-11-02T08:00:00.0000000Z", "iCalUId": "040000008200E00074C5B7101A82E008",
         "type": "exception", "seriesMasterId": "AAMkAGIAAAoZDOEAAA=", "originalStart": "2026-11-21T09:00:00Z",
         "start": {"dateTime": "2026-11-21T09:30:00.0000000", "timeZone": "UTC"},
         "end": {"dateTime": "2026-11-21T10:00:00.0000000", "timeZone": "UTC"},
         "originalStartTimeZone": "Pacific Standard Time", "originalEndTimeZone": "Pacific Standard Time",
         "isAllDay": false, "isCancelled": false, "isOrganizer": false, "isOnlineMeeting": true,
         "onlineMeetingProvider": "teamsForBusiness",
         "onlineMeeting": {"joinUrl": "https://teams.microsoft.com/l/meetup-join/19%3ameeting_x%40thread.v2/0?context=%7b%22Tid%22%3a%22t%22%2c%22Oid%22%3a%22o%22%7d",
                           "conferenceId": "177513992", "tollNumber": "+1 425 555 0100"},
         "responseRequested": true, "responseStatus": {"response": "accepted", "time": "2026-11-02T08:00:00Z"},
         "allowNewTimeProposals": true, "showAs": "busy", "importance": "normal", "sensitivity": "normal",
         "isReminderOn": true, "reminderMinutesBeforeStart": 15, "hasAttachments": false, "categories": [],
         "subject": "Weekly sync with Megan", "bodyPreview": "Agenda: Adele's numbers",
         "webLink": "https://outlook.office365.com/owa/?itemid=AAMkAGIAAAoZDOFAAA%3D&exvsurl=1&path=/calendar/item",
         "recurrence": {"pattern": {"type": "weekly", "interval": 1, "daysOfWeek": ["friday"], "firstDayOfWeek": "sunday"},
                        "range": {"type": "noEnd", "startDate": "2026-11-07", "recurrenceTimeZone": "Pacific Standard Time"}},
         "organizer": {"emailAddress": {"name": "Megan Bowen", "address": "MeganB@contoso.com"}},
         "attendees": [
           {"type": "required", "status": {"response": "accepted", "time": "2026-11-02T08:00:00Z"},
            "emailAddress": {"name": "Adele Vance", "address": "AdeleV@contoso.com"}},
           {"type": "resource", "status": {"response": "none", "time": "0001-01-01T00:00:00Z"},
            "emailAddress": {"name": "Conf Room Adams", "address": "Adams@contoso.com"}}],
         "location": {"displayName": "Megan's home office", "locationType": "streetAddress", "uniqueId": "Megan's home office",
                      "uniqueIdType": "private", "locationEmailAddress": "MeganB@contoso.com",
                      "address": {"street": "4567 Main St", "city": "Redmond", "state": "WA",
                                  "countryOrRegion": "US", "postalCode": "98052"},
                      "coordinates": {"latitude": 47.672, "longitude": -102.103}},
         "locations": [{"displayName": "Megan's home office", "locationType": "streetAddress",
                        "uniqueId": "Megan's home office", "uniqueIdType": "private",
                        "locationEmailAddress": "MeganB@contoso.com",
                        "address": {"street": "4567 Main St", "city": "Redmond", "state": "WA",
                                    "countryOrRegion": "US", "postalCode": "98052"},
                        "coordinates": {"latitude": 47.672, "longitude": -102.103}}]}
        """

    static let contact = """
        {"id": "AAMkAGI2THk0AAA=", "createdDateTime": "2026-10-01T12:00:00Z", "lastModifiedDateTime": "2026-10-02T12:00:00Z",
         "parentFolderId": "AAMkAGI2AAEOAAA=", "categories": [], "displayName": "Pavel Bansky", "givenName": "Pavel",
         "middleName": "J", "surname": "Bansky", "nickName": "Pav", "initials": "P.J.B.", "fileAs": "Bansky, Pavel",
         "title": "Dr", "emailAddresses": [{"address": "pavelb@fabrikam.onmicrosoft.com", "name": "Pavel Bansky"}],
         "imAddresses": ["sip:pavelb@fabrikam.onmicrosoft.com"], "businessPhones": ["+1 732 555 0102"],
         "mobilePhone": "+1 732 555 0103", "homePhones": ["+1 732 555 0104"], "companyName": "Fabrikam",
         "jobTitle": "Engineer", "department": "R&D", "officeLocation": "20/1101", "profession": "Engineer",
         "manager": "Rob Young", "assistantName": "Sara Davis", "businessHomePage": "https://fabrikam.com",
         "businessAddress": {"street": "1 Fabrikam Way", "city": "Newark", "state": "NJ",
                             "countryOrRegion": "US", "postalCode": "07102"}}
        """

    static let mailboxSettings = """
        {"archiveFolder": "AQMkAGI2AAEuAAAA", "timeZone": "Pacific Standard Time", "dateFormat": "M/d/yyyy",
         "timeFormat": "h:mm tt", "userPurpose": "user", "delegateMeetingMessageDeliveryOptions": "sendToDelegateOnly",
         "language": {"locale": "en-US", "displayName": "English (United States)"},
         "workingHours": {"daysOfWeek": ["monday", "tuesday", "wednesday", "thursday", "friday"],
                          "startTime": "08:00:00.0000000", "endTime": "17:00:00.0000000",
                          "timeZone": {"name": "Pacific Standard Time"}},
         "automaticRepliesSetting": {"status": "scheduled", "externalAudience": "all",
           "scheduledStartDateTime": {"dateTime": "2026-12-20T08:00:00.0000000", "timeZone": "UTC"},
           "scheduledEndDateTime": {"dateTime": "2027-01-04T08:00:00.0000000", "timeZone": "UTC"},
           "internalReplyMessage": "Away until January; ask Megan Bowen",
           "externalReplyMessage": "Away until January; write to MeganB@contoso.com"}}
        """
}
