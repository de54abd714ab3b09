import Foundation
import Testing

@testable import FerryConfig

/// Each kind of problem, with its exact message and the line and column it points at.
@Suite struct DiagnosticTests {
    @Test func unknownKeyGetsADidYouMean() throws {
        let yaml = Fixture.minimal.replacingOccurrences(of: "datasets:", with: "datsets:")
        #expect(
            try Fixture.messages(yaml) == [
                "1:1: missing required key 'datasets'",
                "6:1: unknown key 'datsets' in the pipeline; did you mean 'datasets'?",
            ])
    }

    @Test func unknownKeyWithoutANearMatchListsTheValidKeys() throws {
        let yaml = Fixture.minimal + "\nthrottle:\n  speed: 3\n"
        #expect(
            try Fixture.messages(yaml) == [
                "10:3: unknown key 'speed' in 'throttle'; valid keys are max_concurrency, max_retry_after_seconds, "
                    + "max_pages_per_unit, request_timeout_seconds, low_speed_bytes_per_second, low_speed_seconds"
            ])
    }

    @Test func wrongTypeSaysWhatIsExpected() throws {
        let yaml = Fixture.minimal + "\nthrottle:\n  max_concurrency: many\n"
        #expect(
            try Fixture.messages(yaml) == [
                "10:20: 'throttle.max_concurrency' must be an integer from 1 to 1000, not 'many'"
            ])
    }

    @Test func outOfRangeAndNonScalarValuesAreWrongTypes() throws {
        let yaml = Fixture.minimal + "\nthrottle:\n  max_concurrency: 5000\nload:\n  level: [1]\n  path:\n"
        #expect(
            try Fixture.messages(yaml) == [
                "10:20: 'throttle.max_concurrency' must be an integer from 1 to 1000, not '5000'",
                "12:10: 'load.level' must be an integer from 0 to 9, not a list",
                "13:3: 'load.path' must be a string, not empty",
            ])
    }

    @Test func wrongEnumListsTheChoices() throws {
        let yaml = Fixture.minimal + "\nload:\n  format: parquet\n  compression: gzp\n"
        #expect(
            try Fixture.messages(yaml) == [
                "10:11: 'load.format' must be one of jsonl, csv, not 'parquet'",
                "11:16: 'load.compression' must be one of gzip, none, not 'gzp'; did you mean 'gzip'?",
            ])
    }

    @Test func missingRequiredKeyPointsAtTheParentMapping() throws {
        let yaml = Fixture.minimal.replacingOccurrences(of: "  tenant: contoso\n", with: "")
        #expect(try Fixture.messages(yaml) == ["3:3: missing required key 'source.tenant'"])
    }

    @Test func missingVariableNamesItTheKeyAndTheFix() throws {
        let yaml = Fixture.minimal.replacingOccurrences(of: "tenant: contoso", with: "tenant: ${FERRY_TENANT_ID}")
        #expect(
            try Fixture.messages(yaml) == [
                "3:11: environment variable FERRY_TENANT_ID is not set (in 'source.tenant'); set it, "
                    + "or give a default with ${FERRY_TENANT_ID:-value}"
            ])
    }

    @Test func unclosedQuoteIsMalformedYAMLAtTheQuote() throws {
        let yaml = Fixture.minimal.replacingOccurrences(of: "client_id: app", with: "client_id: \"app")
        #expect(
            try Fixture.messages(yaml) == [
                "4:14: malformed YAML: found unexpected end of stream while scanning a quoted scalar that starts "
                    + "at line 4, column 14; check the indentation and that every quote and bracket is closed"
            ])
    }

    @Test func badIndentIsMalformedYAML() throws {
        let yaml = Fixture.minimal.replacingOccurrences(of: "  client_id: app", with: " client_id: app")
        #expect(
            try Fixture.messages(yaml) == [
                "4:2: malformed YAML: did not find expected key while parsing a block mapping that starts at "
                    + "line 1, column 1; check the indentation and that every quote and bracket is closed"
            ])
    }

    @Test func tabsAndSecondDocumentsAreMalformedYAML() throws {
        #expect(
            try Fixture.messages("name: test\n\tsource: x\n") == [
                "2:1: malformed YAML: found a tab character that violates indentation while scanning a plain "
                    + "scalar that starts at line 1, column 7; indent with spaces, not tabs"
            ])
        #expect(
            try Fixture.messages(Fixture.minimal + "\n---\nname: other\n") == [
                "9:1: malformed YAML: expected a single document in the stream but found another document"
            ])
    }

    @Test func unknownDatasetGetsADidYouMeanAndTheKnownNames() throws {
        let yaml = Fixture.minimal.replacingOccurrences(of: "dataset: messages", with: "dataset: mesages")
            + "\n  - dataset: calendar\n"
        #expect(
            try Fixture.messages(yaml) == [
                "8:14: unknown dataset 'mesages'; did you mean 'messages'? (known: calendar_view, contacts, direct_reports, events, group_members, groups, mailbox_settings, managers, messages, sent_items, users)",
                "9:14: unknown dataset 'calendar' (known: calendar_view, contacts, direct_reports, events, group_members, groups, mailbox_settings, managers, messages, sent_items, users)",
            ])
    }

    @Test func datasetsMustBeANonEmptyListOfMappingsWithoutDuplicates() throws {
        #expect(
            try Fixture.messages(Fixture.minimal + "\n  - dataset: users\n  - messages\n") == [
                "9:14: duplicate dataset 'users'; it is already listed at line 7",
                "10:5: each entry of 'datasets' must be a mapping like {dataset: messages}, not a single value",
            ])
        let empty = Fixture.minimal.replacingOccurrences(of: "  - dataset: users\n  - dataset: messages", with: "")
        #expect(try Fixture.messages(empty) == ["6:1: 'datasets' must be a list of {dataset: NAME} entries, not empty"])
        let flow = Fixture.minimal.replacingOccurrences(
            of: "\n  - dataset: users\n  - dataset: messages", with: " []")
        #expect(try Fixture.messages(flow) == ["6:11: 'datasets' must list at least one dataset"])
    }

    @Test func pseudonymizationWithoutAKeyIsAnError() throws {
        let bare = Fixture.minimal + "\ntransform:\n  pseudonymize:\n"
        #expect(try Fixture.messages(bare) == ["10:3: missing required key 'transform.pseudonymize.key'"])

        let modesOnly = Fixture.minimal + "\ntransform:\n  pseudonymize:\n    modes:\n      email: hash\n"
        #expect(try Fixture.messages(modesOnly) == ["11:5: missing required key 'transform.pseudonymize.key'"])

        let emptyDefault = Fixture.minimal + "\ntransform:\n  pseudonymize:\n    key: ${NO_KEY:-}\n"
        #expect(try Fixture.messages(emptyDefault) == ["11:10: 'transform.pseudonymize.key' must not be empty"])

        let short = Fixture.minimal + "\ntransform:\n  pseudonymize:\n    key: tooshort\n"
        #expect(
            try Fixture.messages(short) == [
                "11:10: 'transform.pseudonymize.key' must be at least 16 characters long; use a long random "
                    + "value, such as the output of `openssl rand -hex 32`"
            ])
    }

    @Test func pseudonymizeModesAndColumnsAreChecked() throws {
        let yaml = Fixture.minimal + """

            transform:
              pseudonymize:
                key: ${PSEUDONYM_KEY}
                modes:
                  emial: hash
                  text: scramble
                columns:
                  messages.subjct: keep
                  mesages.subject: keep
                  subject: keep
            """
        #expect(
            try Fixture.messages(yaml) == [
                "13:7: unknown key 'emial' in 'transform.pseudonymize.modes'; did you mean 'email'?",
                "14:13: 'transform.pseudonymize.modes.text' must be one of hash, hash_keep_domain, redact, drop, "
                    + "keep, not 'scramble'",
                "16:7: unknown column 'subjct' of dataset 'messages'; did you mean 'subject'?",
                "17:7: unknown dataset 'mesages'; did you mean 'messages'? (known: calendar_view, contacts, direct_reports, events, group_members, groups, mailbox_settings, managers, messages, sent_items, users)",
                "18:7: keys of 'transform.pseudonymize.columns' must look like dataset.column, not 'subject'",
            ])
    }

    @Test func plainHTTPIsOnlyForLoopback() throws {
        let yaml = Fixture.minimal.replacingOccurrences(
            of: "source:\n",
            with: "source:\n  cloud: custom\n  graph_url: http://graph.example.com\n  login_url: not a url\n")
        #expect(
            try Fixture.messages(yaml) == [
                "4:14: 'source.graph_url' must use https; plain http is allowed only for loopback hosts "
                    + "(localhost, 127.0.0.0/8, [::1]), not 'http://graph.example.com'",
                "5:14: 'source.login_url' must be an absolute URL such as https://graph.microsoft.com or "
                    + "http://127.0.0.1:8080, not 'not a url'",
            ])
    }

    @Test func endpointsBelongToTheCustomCloudOnly() throws {
        let custom = Fixture.minimal.replacingOccurrences(of: "source:\n", with: "source:\n  cloud: custom\n")
        #expect(
            try Fixture.messages(custom) == [
                "3:3: missing required key 'source.graph_url' (cloud: custom needs it)",
                "3:3: missing required key 'source.login_url' (cloud: custom needs it)",
            ])
        let global = Fixture.minimal.replacingOccurrences(
            of: "source:\n", with: "source:\n  graph_url: https://graph.example.com\n")
        #expect(
            try Fixture.messages(global) == [
                "3:14: 'source.graph_url' is only used with cloud: custom (cloud global has its own endpoints); "
                    + "remove it or set 'source.cloud' to custom"
            ])
    }

    @Test func severalProblemsAreReportedAtOnceInFileOrder() throws {
        let yaml = """
            name: Daily Export
            source:
              cloud: azure
              tenant: ${TENANT}
              client_id: app
              client_secret: ${SECRET}
            window:
              last: 12h
            datasets:
              - dataset: user
            load:
              format: parquet
            throttle:
              max_concurrency: 0
            """
        #expect(
            try Fixture.messages(yaml) == [
                "1:7: 'name' must use only lowercase letters, digits, '_' and '-', not 'Daily Export'",
                "3:10: 'source.cloud' must be one of global, usgov, usgovdod, china, custom, not 'azure'",
                "4:11: environment variable TENANT is not set (in 'source.tenant'); set it, or give a default "
                    + "with ${TENANT:-value}",
                "8:9: 'window.last' must be a whole number of days like 7d, not '12h'",
                "10:14: unknown dataset 'user'; did you mean 'users'? (known: calendar_view, contacts, direct_reports, events, group_members, groups, mailbox_settings, managers, messages, sent_items, users)",
                "12:11: 'load.format' must be one of jsonl, csv, not 'parquet'",
                "14:20: 'throttle.max_concurrency' must be an integer from 1 to 1000, not '0'",
            ])
    }

    @Test func windowRulesAreChecked() throws {
        let both = Fixture.minimal + "\nwindow:\n  last: 7d\n  start: 2026-01-01\n  end: 2026-01-02\n"
        #expect(
            try Fixture.messages(both) == [
                "10:3: 'window.last' and 'window.start'/'window.end' exclude each other; keep one"
            ])
        let backwards = Fixture.minimal + "\nwindow:\n  start: 2026-03-01\n  end: 2026-02-30\n"
        #expect(
            try Fixture.messages(backwards) == [
                "11:8: 'window.end' must be a date like 2026-01-31 (YYYY-MM-DD), not '2026-02-30'"
            ])
        let reversed = Fixture.minimal + "\nwindow:\n  start: 2026-03-01\n  end: 2026-03-01\n"
        #expect(
            try Fixture.messages(reversed) == [
                "11:8: 'window.end' ('2026-03-01') must be after 'window.start' ('2026-03-01'); the end day is exclusive"
            ])
        let startOnly = Fixture.minimal + "\nwindow:\n  start: 2026-03-01\n"
        #expect(
            try Fixture.messages(startOnly) == [
                "10:3: missing required key 'window.end' ('start' and 'end' go together; 'end' is exclusive)"
            ])
        let columnOnly = Fixture.minimal + "\nwindow:\n  column: sentDateTme\n"
        #expect(
            try Fixture.messages(columnOnly) == [
                "10:3: 'window' needs either 'last' (whole days, like 7d) or 'start' and 'end' dates"
            ])
        let unknownColumn = Fixture.minimal + "\nwindow:\n  column: sentDateTme\n  last: 1d\n"
        #expect(
            try Fixture.messages(unknownColumn) == [
                "10:11: 'window.column' is 'sentDateTme', which no selected dataset has; did you mean "
                    + "'sentDateTime'? (timestamp columns: createdDateTime, lastModifiedDateTime, receivedDateTime, "
                    + "sentDateTime)"
            ])
        // A change feed of users cannot keep to a scope: Graph's users delta takes no filter.
        let scopedDelta = Fixture.minimal.replacingOccurrences(of: "  - dataset: users", with: "  - dataset: users\n    incremental: delta")
            + "\nscope:\n  users: {filter: \"department eq 'Sales'\"}\n"
        #expect(
            try Fixture.messages(scopedDelta) == [
                "7:3: dataset 'users' with 'incremental: delta' reads every user of the tenant, but 'scope.users' limits the "
                    + "users; Graph's users delta cannot be filtered. Export it without incremental: delta (the scope's filter "
                    + "applies), or set scope.users: all"
            ])
        // The user directory is never filtered by the window: its listing is the fan-out's.
        let directoryOnly = Fixture.minimal.replacingOccurrences(of: "\n  - dataset: messages", with: "")
            + "\nwindow:\n  column: createdDateTime\n  last: 1d\n"
        #expect(
            try Fixture.messages(directoryOnly) == [
                "9:11: 'window.column' is 'createdDateTime', which only the user directory ('users') has; it is always "
                    + "read whole, since every per-user dataset fans out over it"
            ])
    }

    @Test func scheduleAndScopeAreChecked() throws {
        let yaml = Fixture.minimal + """

            scope:
              users: some
              exclude_guests: maybe
            schedule:
              cron: "0 2 * *"
              timezone: Mars/Olympus
            """
        #expect(
            try Fixture.messages(yaml) == [
                "10:10: 'scope.users' must be all, a mapping {groups: [ids]} or a mapping "
                    + "{filter: \"<Graph $filter>\"}, not 'some'",
                "11:19: 'scope.exclude_guests' must be true or false, not 'maybe'",
                "13:9: 'schedule.cron' is not a schedule: expected 5 fields (minute hour day-of-month month "
                    + "day-of-week), found 4 fields; write 5 cron fields like \"0 2 * * *\", a macro like @daily, "
                    + "or an interval like @every 30s",
                "14:13: 'schedule.timezone' must be an IANA time zone such as UTC or Europe/Berlin, not 'Mars/Olympus'",
            ])
        let both = Fixture.minimal + "\nscope:\n  users:\n    groups: []\n    filter: x\n"
        #expect(try Fixture.messages(both) == ["11:5: 'scope.users' takes either 'groups' or 'filter', not both"])
        let noGroups = Fixture.minimal + "\nscope:\n  users:\n    groups: []\n"
        #expect(try Fixture.messages(noGroups) == ["11:13: 'scope.users.groups' must list at least one group id"])
    }

    @Test func onAccessDeniedIsSkipOrFail() throws {
        let typo = Fixture.minimal + "\nscope:\n  on_access_denied: skp\n"
        let messages = try Fixture.messages(typo)
        #expect(
            messages == ["10:21: 'scope.on_access_denied' must be one of skip, fail, not 'skp'; did you mean 'skip'?"],
            "\(messages)")
        #expect(try Fixture.load(Fixture.minimal + "\nscope:\n  on_access_denied: fail\n").scope.onAccessDenied == .fail)
        #expect(try Fixture.load(Fixture.minimal).scope.onAccessDenied == .skip)
    }

    @Test func duplicateKeysAreReported() throws {
        let yaml = Fixture.minimal + "\nname: again\n"
        #expect(try Fixture.messages(yaml) == ["9:1: duplicate key 'name'; it is already set at line 1; keep one"])
    }

    @Test func aMissingDeclaredSchemasDirectoryIsReportedAtItsKey() throws {
        let fixture = try Fixture()
        let file = try fixture.write("pipeline.yaml", Fixture.minimal + "\nschemas: ../nowhere\n")
        let diagnostics = PipelineLoader(environment: Fixture.environment).validate(file)
        let expected = fixture.directory.appendingPathComponent("../nowhere", isDirectory: true).relativePath
        #expect(
            diagnostics.map { "\($0.line):\($0.column): \($0.message)" } == [
                "9:10: 'schemas' is '../nowhere', but \(expected) is not a directory; "
                    + "the path is relative to the pipeline file"
            ])
    }

    @Test func descriptionIsFileLineColumnErrorMessage() {
        let diagnostic = ConfigDiagnostic(file: "p.yaml", line: 3, column: 5, message: "something is wrong")
        #expect(diagnostic.description == "p.yaml:3:5: error: something is wrong")
    }
}
