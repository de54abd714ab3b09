import FerryConfig
import FerryTestSupport
import Foundation
import Testing

/// The README's table of application permissions is the schema files' `permissions:`, row for row.
@Suite struct PermissionTableTests {
    @Test func theReadmesPermissionTableIsTheSchemaFiles() throws {
        let catalog = try SchemaCatalog(directory: Fixture.schemas)
        var expected = [
            "<!-- permissions:begin -->", "| dataset | application permission | without the body text |", "|---|---|---|",
        ]
        for name in catalog.names {
            let schema = try #require(catalog.schema(named: name))
            #expect(!schema.permissions.isEmpty, "schemas/\(name).yaml names no permission")
            let basic = schema.basicPermission.map {
                "`\($0.permission)` (no \($0.withholds.map { "`\($0)`" }.joined(separator: ", ")))"
            } ?? ""
            expected.append(
                "| `\(name)` | " + schema.permissions.map { "`\($0)`" }.joined(separator: " or ") + " | \(basic) |")
        }
        expected.append("<!-- permissions:end -->")
        let readme = try String(contentsOf: Fixture.repository.appendingPathComponent("README.md"), encoding: .utf8)
        let lines = readme.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let start = try #require(lines.firstIndex(of: expected[0]), "README.md has no permission table")
        let end = try #require(lines[start...].firstIndex(of: expected.last!))
        #expect(Array(lines[start...end]) == expected, "regenerate the table in README.md from schemas/")
    }

    @Test func aBasicPermissionIsEnoughOnlyWithoutTheBodyText() throws {
        let catalog = try SchemaCatalog(directory: Fixture.schemas)
        let messages = try #require(catalog.schema(named: "messages"))
        #expect(messages.basicPermission?.permission == "Mail.ReadBasic.All")
        #expect(messages.permissions(selecting: ["id", "subject", "from"]) == ["Mail.ReadBasic.All"])
        #expect(messages.permissions(selecting: ["id", "bodyPreview"]) == ["Mail.Read"])
        let calendar = try #require(catalog.schema(named: "calendar_view"))
        #expect(calendar.permissions(selecting: ["id", "start"]) == ["Calendars.ReadBasic.All"])
        #expect(calendar.permissions(selecting: ["id", "body"]) == ["Calendars.Read"])
        let users = try #require(catalog.schema(named: "users"))
        #expect(users.basicPermission == nil)
        #expect(users.permissions(selecting: ["id"]) == ["User.Read.All"])
    }

    @Test func aPermissionNotWrittenAsGraphDoesIsAnErrorAtItsPlace() throws {
        let temporary = try TemporaryDirectory()
        defer { temporary.remove() }
        let directory = temporary.url
        var users = try String(contentsOf: Fixture.schemas.appendingPathComponent("users.yaml"), encoding: .utf8)
        users = users.replacingOccurrences(of: "permissions: [User.Read.All]", with: "permissions: [user.read.all]")
        try users.write(to: directory.appendingPathComponent("users.yaml"), atomically: true, encoding: .utf8)
        let error = #expect(throws: (any Error).self) { try SchemaCatalog(directory: directory) }
        let text = "\(error.map { "\($0)" } ?? "")"
        #expect(text.contains("'user.read.all' is not a Graph permission name; write it as Graph does, such as Mail.Read or User.Read.All"), "\(text)")
        #expect(text.contains("users.yaml:"), "\(text)")
    }
}
