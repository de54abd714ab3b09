import FerryCore
import Foundation
import Testing

@testable import FerryConfig

/// The repository's schema files describe the datasets of the product, as Graph serves them.
@Suite struct SchemaDatasetsTests {
    /// How each dataset is read from Graph.
    struct Expected: Sendable, CustomTestStringConvertible {
        var dataset: String
        var modelledOn: String
        var collection: GraphCollection
        var dateColumn: String?

        var testDescription: String { dataset }
    }

    static let utc = ["Prefer": "outlook.timezone=\"UTC\""]

    static let expected: [Expected] = [
        Expected(
            dataset: "users", modelledOn: "User_v1",
            collection: GraphCollection(path: "/users", fanout: .tenant, maxPageSize: 999, deltaPath: "/users/delta")),
        Expected(
            dataset: "managers", modelledOn: "Manager_v0",
            collection: GraphCollection(
                path: "/users/{id}/manager", fanout: .perUser, maxPageSize: 1, shape: .object, window: .unwindowed)),
        Expected(
            dataset: "direct_reports", modelledOn: "DirectReport_v0",
            collection: GraphCollection(path: "/users/{id}/directReports", fanout: .perUser, maxPageSize: 999)),
        Expected(
            dataset: "groups", modelledOn: "GroupDetails_v0",
            collection: GraphCollection(path: "/groups", fanout: .tenant, maxPageSize: 999, deltaPath: "/groups/delta")),
        Expected(
            dataset: "group_members", modelledOn: "GroupMembers_v0",
            collection: GraphCollection(path: "/groups/{id}/members", fanout: .perGroup, maxPageSize: 999)),
        Expected(
            dataset: "messages", modelledOn: "Message_v1",
            collection: GraphCollection(
                path: "/users/{id}/messages", fanout: .perUser, maxPageSize: 1000,
                deltaPath: "/users/{id}/mailFolders/inbox/messages/delta"),
            dateColumn: "receivedDateTime"),
        Expected(
            dataset: "sent_items", modelledOn: "SentItem_v1",
            collection: GraphCollection(
                path: "/users/{id}/mailFolders/sentitems/messages", fanout: .perUser, maxPageSize: 1000,
                deltaPath: "/users/{id}/mailFolders/sentitems/messages/delta"),
            dateColumn: "sentDateTime"),
        Expected(
            dataset: "events", modelledOn: "Event_v1",
            collection: GraphCollection(path: "/users/{id}/events", fanout: .perUser, maxPageSize: 1000, headers: utc),
            dateColumn: "lastModifiedDateTime"),
        Expected(
            dataset: "calendar_view", modelledOn: "CalendarView_v0",
            collection: GraphCollection(
                path: "/users/{id}/calendarView", fanout: .perUser, maxPageSize: 1000, window: .parameters,
                headers: utc, deltaPath: "/users/{id}/calendarView/delta"),
            dateColumn: "start"),
        Expected(
            dataset: "contacts", modelledOn: "Contact_v1",
            collection: GraphCollection(path: "/users/{id}/contacts", fanout: .perUser, maxPageSize: 1000)),
        Expected(
            dataset: "mailbox_settings", modelledOn: "MailboxSettings_v0",
            collection: GraphCollection(
                path: "/users/{id}/mailboxSettings", fanout: .perUser, maxPageSize: 1, shape: .object,
                window: .unwindowed)),
    ]

    static let catalog = Result { try SchemaCatalog(directory: Fixture.schemas) }

    func schema(_ name: String) throws -> DatasetSchema {
        try #require(try Self.catalog.get().schema(named: name), "no schema \(name)")
    }

    func path(_ text: String) throws -> JSONPath {
        try #require(JSONPath(parsing: text))
    }

    @Test func everyDatasetOfTheProductHasASchema() throws {
        #expect(try Self.catalog.get().names == Self.expected.map(\.dataset).sorted())
    }

    @Test(arguments: expected) func eachDatasetIsReadFromItsCollection(_ expected: Expected) throws {
        let schema = try schema(expected.dataset)
        #expect(schema.modelledOn == expected.modelledOn)
        #expect(schema.collection == expected.collection)
        #expect(schema.dateColumn == expected.dateColumn)
        if let date = expected.dateColumn {
            #expect(schema.column(named: date)?.type == .timestamp)
        }
    }

    @Test(arguments: expected) func eachRowCarriesItsTenantAndTheUserOrGroupItCameFrom(_ expected: Expected) throws {
        let schema = try schema(expected.dataset)
        #expect(schema.column(named: "ptenant") == Column(name: "ptenant", type: .string, source: .tenant))
        let ownerColumns = schema.columns.filter { $0.source == .user }.map(\.name)
        switch expected.collection.fanout {
        case .tenant: #expect(ownerColumns.isEmpty)
        case .perUser: #expect(ownerColumns == ["puser"])
        case .perGroup: #expect(ownerColumns == ["pgroup"])
        }
        for name in ownerColumns {
            #expect(schema.column(named: name)?.personal == .value(.identifier), "\(name)")
        }
    }

    /// Every nested e-mail address and name, wherever a Graph recipient (`emailAddress`) appears.
    @Test func everyRecipientAddressAndNameIsMarked() throws {
        var recipients = 0
        for name in try Self.catalog.get().names {
            for column in try schema(name).columns {
                guard case .nested(let marks, _) = column.personal else { continue }
                for mark in marks where mark.path.description.hasSuffix("emailAddress.address") {
                    recipients += 1
                    #expect(mark.kind == .email, "\(name).\(column.name) \(mark.path)")
                    let person = String(mark.path.description.dropLast("address".count)) + "name"
                    #expect(
                        marks.contains { $0.path.description == person && $0.kind == .name },
                        "\(name).\(column.name) has no \(person)")
                }
            }
        }
        // messages and sent_items: sender, from, to, cc, bcc, replyTo; events, calendar_view: organizer, attendees.
        #expect(recipients == 2 * 6 + 2 * 2)
    }

    @Test func sentItemsHaveTheColumnsOfMessages() throws {
        #expect(try schema("sent_items").columns == schema("messages").columns)
    }

    @Test func calendarViewFlattensTimesAndKeepsMeetingsWhole() throws {
        let view = try schema("calendar_view")
        let start = Column(name: "start", type: .timestamp, source: .graph(try path("start.dateTime")))
        #expect(view.column(named: "start") == start)
        #expect(view.column(named: "end")?.source == .graph(try path("end.dateTime")))
        #expect(view.column(named: "isOnlineMeeting")?.type == .bool)
        #expect(view.column(named: "seriesMasterId")?.type == .string)
        #expect(view.column(named: "type")?.type == .string)
        #expect(view.column(named: "recurrence")?.type == .json)
        #expect(view.column(named: "subject")?.personal == .value(.text))
        #expect(view.column(named: "bodyPreview")?.personal == .value(.text))
        #expect(
            view.column(named: "onlineMeeting")?.personal
                == .nested([NestedPersonalData(path: try path("joinUrl"), kind: .externalId)], other: .externalId))
        let attendees = try #require(view.column(named: "attendees"))
        #expect(attendees.type == .json)
        guard case .nested(let attendeeMarks, let otherInAttendees)? = attendees.personal else {
            Issue.record("attendees has no nested personal data")
            return
        }
        #expect(attendeeMarks.contains(NestedPersonalData(path: try path("[].emailAddress.address"), kind: .email)))
        #expect(attendeeMarks.contains(NestedPersonalData(path: try path("[].emailAddress.name"), kind: .name)))
        // The response stays readable; anything else inside an attendee is hashed like a name.
        #expect(attendeeMarks.contains(NestedPersonalData(path: try path("[].status.response"), kind: nil)))
        #expect(otherInAttendees == .name)
        guard case .nested(let location, _)? = view.column(named: "location")?.personal else {
            Issue.record("location has no nested personal data")
            return
        }
        #expect(location.contains(NestedPersonalData(path: try path("displayName"), kind: .text)))
        #expect(location.contains(NestedPersonalData(path: try path("locationEmailAddress"), kind: .email)))
        // `start` and `end` are read from the same two Graph properties.
        #expect(view.selectedProperties.filter { $0 == "start" || $0 == "end" } == ["start", "end"])
        #expect(try schema("events").columns == view.columns)
    }

    @Test func groupMembersNameTheirGroupAndTheirKind() throws {
        let members = try schema("group_members")
        #expect(members.columns.first == Column(name: "pgroup", type: .string, source: .user, personal: .value(.identifier)))
        let kind = try #require(members.column(named: "odataType"))
        #expect(kind.source == .graph(JSONPath(segments: [.key("@odata.type")])))
        // Graph sends `@odata.type` with every member and rejects it in `$select`.
        #expect(members.selectedProperties == ["id", "displayName", "mail", "userPrincipalName"])
        #expect(members.column(named: "id")?.personal == .value(.identifier))
        #expect(try schema("groups").column(named: "id")?.personal == .value(.identifier))
    }

    @Test func directoryPeopleAreMarkedLikeUsers() throws {
        let users = try schema("users")
        for name in ["managers", "direct_reports", "group_members"] {
            let schema = try schema(name)
            for column in ["id", "displayName", "mail", "userPrincipalName"] {
                #expect(
                    schema.column(named: column)?.personal == users.column(named: column)?.personal,
                    "\(name).\(column)")
            }
        }
        let groups = try schema("groups")
        #expect(groups.column(named: "mail")?.personal == .value(.email))
        #expect(groups.column(named: "displayName")?.personal == .value(.name))
        #expect(groups.column(named: "description")?.personal == .value(.text))
        #expect(groups.column(named: "groupTypes")?.type == .array(.string))
        #expect(groups.column(named: "renewedDateTime")?.type == .timestamp)
    }

    @Test func contactsAndMailboxSettingsMarkWhatPeopleWrote() throws {
        let contacts = try schema("contacts")
        #expect(
            contacts.column(named: "emailAddresses")?.personal == .nested([
                NestedPersonalData(path: try path("[].address"), kind: .email),
                NestedPersonalData(path: try path("[].name"), kind: .name),
            ], other: .name))
        for column in ["displayName", "givenName", "surname"] {
            #expect(contacts.column(named: column)?.personal == .value(.name), "\(column)")
        }
        for column in ["businessPhones", "homePhones"] {
            let phones = Column(
                name: column, type: .array(.string), source: .graph(try path(column)), personal: .value(.phone))
            #expect(contacts.column(named: column) == phones)
        }
        let settings = try schema("mailbox_settings")
        guard case .nested(let replies, let otherInReplies)? = settings.column(named: "automaticRepliesSetting")?.personal
        else {
            Issue.record("automaticRepliesSetting has no nested personal data")
            return
        }
        #expect(replies.filter { $0.kind != nil } == [
            NestedPersonalData(path: try path("internalReplyMessage"), kind: .text),
            NestedPersonalData(path: try path("externalReplyMessage"), kind: .text),
        ])
        #expect(otherInReplies == .text)
        #expect(settings.column(named: "workingHours")?.type == .json)
        #expect(settings.column(named: "timeZone")?.type == .string)
    }
}
