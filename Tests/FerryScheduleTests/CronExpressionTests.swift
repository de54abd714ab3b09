import Foundation
import Testing

@testable import FerrySchedule

@Suite struct CronExpressionTests {
    @Test(arguments: [
        ("61 * * * *", "minute field '61' is out of range 0-59"),
        ("* 24 * * *", "hour field '24' is out of range 0-23"),
        ("* * 0 * *", "day-of-month field '0' is out of range 1-31"),
        ("* * * 13 *", "month field '13' is out of range 1-12"),
        ("* * * * 8", "day-of-week field '8' is out of range 0-7"),
        ("* * * *", "expected 5 fields (minute hour day-of-month month day-of-week), found 4 fields"),
        ("0 0 * * * *", "expected 5 fields (minute hour day-of-month month day-of-week), found 6 fields"),
        ("   ", "found nothing"),
        ("*/0 * * * *", "minute field '*/0' needs a whole number of at least 1 after '/'"),
        ("*/x * * * *", "minute field '*/x' needs a whole number of at least 1 after '/'"),
        ("30-10 * * * *", "minute field '30-10' is a backward range; write the smaller value first"),
        ("1,,2 * * * *", "minute field '1,,2' has an empty list item"),
        ("* * * FOO *", "month field 'FOO' is not a number or a name such as JAN"),
        ("* * * * MONDAY", "day-of-week field 'MONDAY' is not a number or a name such as MON"),
        ("* * * * JAN", "day-of-week field 'JAN' is not a number or a name such as MON"),
        ("1-2-3 * * * *", "minute field '1-2-3' is not a number"),
        ("99999999999999999999 * * * *", "is not a number"),
        ("-5 * * * *", "minute field '-5' is not a number"),
        ("@reboot", "unknown macro '@reboot'; use one of @hourly, @daily, @midnight"),
        ("@every 5m", "'@every' is an interval, not a cron expression"),
        ("0 0 30 2 *", "day-of-month field '30' never occurs in month field '2'"),
        ("0 0 31 4,6,9,11 *", "day-of-month field '31' never occurs in month field '4,6,9,11'"),
    ])
    func rejectsWithAMessageNamingTheField(input: String, message: String) throws {
        let error = try #require(throws: ScheduleError.self) { try CronExpression(parsing: input) }
        #expect(error.message.contains(message), "got: \(error.message)")
        #expect(error.description.hasPrefix("invalid schedule '\(input)': "))
    }

    @Test func acceptsEveryFieldForm() throws {
        let expression = try CronExpression(parsing: " 5,10-20/5,*/30  0-6/3  1,15  jan-Mar,DEC  mon-FRI ")
        #expect(expression.text == "5,10-20/5,*/30  0-6/3  1,15  jan-Mar,DEC  mon-FRI")
        #expect(expression.minutes == bits([0, 5, 10, 15, 20, 30]))
        #expect(expression.hours == UInt32(bits([0, 3, 6])))
        #expect(expression.daysOfMonth == UInt32(bits([1, 15])))
        #expect(expression.months == UInt16(bits([1, 2, 3, 12])))
        #expect(expression.daysOfWeek == UInt8(bits([1, 2, 3, 4, 5])))
        #expect(expression.dayOfMonthRestricted && expression.dayOfWeekRestricted)
        #expect(!expression.hourIsWildcard)
        // "n/step" runs from n to the end of the field.
        #expect(try CronExpression(parsing: "10/20 * * * *").minutes == bits([10, 30, 50]))
        #expect(try CronExpression(parsing: "* * * * 5/1").daysOfWeek == UInt8(bits([5, 6])))
    }

    @Test func sundayIsZeroOrSeven() throws {
        #expect(try CronExpression(parsing: "0 12 * * 7") == CronExpression(parsing: "0 12 * * 0"))
        #expect(try CronExpression(parsing: "0 12 * * sun") == CronExpression(parsing: "0 12 * * 0"))
        #expect(try CronExpression(parsing: "0 12 * * 5-7").daysOfWeek == UInt8(bits([0, 5, 6])))
        #expect(try CronExpression(parsing: "0 12 * * */2").daysOfWeek == UInt8(bits([0, 2, 4, 6])))
    }

    @Test(arguments: [
        ("@hourly", "0 * * * *"), ("@daily", "0 0 * * *"), ("@midnight", "0 0 * * *"), ("@weekly", "0 0 * * 0"),
        ("@monthly", "0 0 1 * *"), ("@yearly", "0 0 1 1 *"), ("@annually", "0 0 1 1 *"), ("@DAILY", "0 0 * * *"),
    ])
    func macrosStandForTheirFields(macro: String, fields: String) throws {
        let expression = try CronExpression(parsing: macro)
        #expect(expression == (try CronExpression(parsing: fields)))
        #expect(expression.description == macro)
    }

    @Test func starFieldsFollowVixie() throws {
        let both = try CronExpression(parsing: "0 0 13 * FRI")
        #expect(both.dayOfMonthRestricted && both.dayOfWeekRestricted)
        let starStep = try CronExpression(parsing: "0 0 */10 * MON")
        #expect(!starStep.dayOfMonthRestricted && starStep.dayOfWeekRestricted)
        #expect(try CronExpression(parsing: "0 */2 * * *").hourIsWildcard)
    }

    /// Whatever the text, parsing throws a ScheduleError or yields an expression whose next fire is later.
    @Test func neverCrashesOnArbitraryText() throws {
        let alphabet = Array("0123456789*/,-@ \tJANMONsunFRIxyz7")
        let tokens = ["*", "*/5", "1-5", "7", "1", "3,4", "5/15", "1-7/3", "2", "*/13", "6-7", "MON", "61"]
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        func random(_ bound: Int) -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((seed >> 33) % UInt64(bound))
        }
        func field() -> String {
            if random(8) == 0 { return String((0..<(1 + random(6))).map { _ in alphabet[random(alphabet.count)] }) }
            return (0..<(1 + random(2))).map { _ in tokens[random(tokens.count)] }.joined(separator: ",")
        }
        let after = Date(timeIntervalSince1970: 1_780_000_000)
        var parsed = 0
        for _ in 0..<3000 {
            let fields = (0..<(random(4) == 0 ? random(7) : 5)).map { _ in field() }
            let text = fields.joined(separator: " ")
            do {
                let expression = try CronExpression(parsing: text)
                parsed += 1
                if let next = expression.nextFire(after: after, in: .gmt) { #expect(next > after) }
            } catch let error as ScheduleError {
                #expect(!error.message.isEmpty)
            }
        }
        #expect(parsed > 300, "only \(parsed) of the texts parsed")
    }

    private func bits(_ values: [Int]) -> UInt64 {
        values.reduce(0) { $0 | (1 << UInt64($1)) }
    }
}
