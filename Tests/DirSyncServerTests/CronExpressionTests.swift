import DirSyncCore
import Foundation
import Testing

@Suite struct CronExpressionTests {
    /// A fixed zone with daylight saving, so the tests mean the same on every machine.
    static let berlin: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Berlin")!
        return calendar
    }()

    func date(_ text: String) -> Date {
        let formatter = DateFormatter()
        formatter.calendar = Self.berlin
        formatter.timeZone = Self.berlin.timeZone
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.date(from: text)!
    }

    func next(_ expression: String, after text: String) throws -> Date? {
        try CronExpression(expression).next(after: date(text), calendar: Self.berlin)
    }

    @Test func nightlyDefaultRunsAtTwoLocalTime() throws {
        #expect(try next("0 2 * * *", after: "2026-12-03 09:00") == date("2026-12-04 02:00"))
        #expect(try next("0 2 * * *", after: "2026-12-03 01:59") == date("2026-12-03 02:00"))
        // Strictly after: a run at 02:00 is not due again at 02:00.
        #expect(try next("0 2 * * *", after: "2026-12-03 02:00") == date("2026-12-04 02:00"))
    }

    @Test func stepsRangesListsAndNames() throws {
        #expect(try next("*/15 * * * *", after: "2026-12-03 09:16") == date("2026-12-03 09:30"))
        #expect(try next("30 8-18/2 * * mon-fri", after: "2026-12-04 18:31") == date("2026-12-07 08:30"))
        #expect(try next("0 0 1,15 * *", after: "2026-12-02 00:00") == date("2026-12-15 00:00"))
        #expect(try next("0 12 * feb 7", after: "2026-12-03 00:00") == date("2027-02-07 12:00"))
        #expect(try next("@hourly", after: "2026-12-03 09:01") == date("2026-12-03 10:00"))
        #expect(try next("@weekly", after: "2026-12-03 09:01") == date("2026-12-06 00:00"))
    }

    @Test func dayOfMonthOrDayOfWeekWhenBothAreRestricted() throws {
        // The 13th, or any Friday: cron's rule.
        #expect(try next("0 0 13 * fri", after: "2026-12-03 00:00") == date("2026-12-04 00:00"))
        #expect(try next("0 0 13 * fri", after: "2026-12-11 00:00") == date("2026-12-13 00:00"))
    }

    @Test func aTimeSkippedByDaylightSavingMovesOn() throws {
        // 2027-03-28 02:30 does not exist in Berlin; the next existing match is a day later.
        #expect(try next("30 2 * * *", after: "2027-03-27 03:00") == date("2027-03-29 02:30"))
    }

    @Test func leapDayAndImpossibleDates() throws {
        #expect(try next("0 0 29 2 *", after: "2026-12-03 00:00") == date("2028-02-29 00:00"))
        #expect(try next("0 0 31 2 *", after: "2026-12-03 00:00") == nil)
    }

    @Test func invalidExpressionsSayWhichFieldAndHow() {
        for bad in ["0 2 * *", "61 * * * *", "0 24 * * *", "0 0 0 * *", "0 0 * 13 *", "0 0 * * 8", "*/0 * * * *",
            "5-1 * * * *", "a * * * *", "0 2 * * * *"]
        {
            #expect(throws: CronExpressionError.self, "\(bad)") { try CronExpression(bad) }
        }
        #expect {
            try CronExpression("0 25 * * *")
        } throws: { error in
            "\(error)".contains("hour field '25'")
        }
    }
}
