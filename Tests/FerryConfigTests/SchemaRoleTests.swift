import FerryCore
import Foundation
import Testing

@testable import FerryConfig

/// The `role:` of schema files: the user directory is recognised by its role, not by its path.
@Suite struct SchemaRoleTests {
    let files = SchemaCollectionTests()

    @Test func theShippedUsersSchemaIsTheOnlyUserDirectory() throws {
        let catalog = try SchemaCatalog(directory: Fixture.schemas)
        let directories = catalog.names.filter { catalog.schema(named: $0)?.isUserDirectory == true }
        #expect(directories == ["users"])
    }

    @Test func theRoleIsReadAndNotThePath() throws {
        let staff = try files.read(
            "staff",
            """
            dataset: staff
            version: 1
            role: user_directory
            collection: {path: /groups/all-staff/members, fanout: tenant, max_page_size: 999}
            columns:
              - {name: id, type: string}
            """)
        #expect(staff.role == .userDirectory)
        #expect(staff.isUserDirectory)
        let plain = try files.read(
            "plain",
            """
            dataset: plain
            version: 1
            collection: {path: /users, fanout: tenant, max_page_size: 999}
            columns:
              - {name: id, type: string}
            """)
        #expect(plain.role == nil)
        #expect(!plain.isUserDirectory)
    }

    @Test func aRoleThatDoesNotFitIsRefused() throws {
        try files.expectProblems(
            "mail",
            """
            dataset: mail
            version: 1
            role: user_directory
            collection: {path: "/users/{id}/messages", fanout: per_user, max_page_size: 999}
            columns:
              - {name: puser, type: string, source: $user}
            """,
            ["3:7: 'role: user_directory' needs a collection of the whole tenant (fanout: tenant, shape: collection)"])
        try files.expectProblems(
            "people",
            """
            dataset: people
            version: 1
            role: user_directory_
            collection: {path: /users, fanout: tenant, max_page_size: 999}
            columns:
              - {name: id, type: string}
            """,
            ["3:7: 'role' must be one of user_directory, not 'user_directory_'; did you mean 'user_directory'?"])
    }
}
