import Foundation

/// A five-field cron expression (`minute hour day-of-month month day-of-week`), as
/// `server.schedule` takes it: operators already know the notation from crontab(5).
///
/// Supports `*`, numbers, ranges (`1-5`), lists (`1,15`), steps (`*/15`, `8-18/2`), month and
/// weekday names (`jan`, `mon`), 7 for Sunday, and the shorthands `@hourly`, `@daily`,
/// `@midnight`, `@weekly`, `@monthly`, `@yearly`, `@annually`. As in cron, when both the day
/// of month and the day of week are restricted, a day matching either one fires.
public struct CronExpression: Sendable, Hashable, CustomStringConvertible {
    public let minutes: Set<Int>
    public let hours: Set<Int>
    public let daysOfMonth: Set<Int>
    public let months: Set<Int>
    /// 0 = Sunday … 6 = Saturday.
    public let daysOfWeek: Set<Int>
    let dayOfMonthRestricted: Bool
    let dayOfWeekRestricted: Bool
    public let description: String

    /// Parses `text`, or throws `CronExpressionError` saying which field is wrong and how.
    public init(_ text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let expanded = Self.shorthands[trimmed.lowercased()] ?? trimmed
        let fields = expanded.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard fields.count == 5 else {
            throw CronExpressionError(
                "schedule '\(text)' has \(fields.count) field(s); write five: minute hour day-of-month month "
                    + "day-of-week, e.g. \"0 2 * * *\" for 02:00 every night")
        }
        minutes = try CronField.parse(fields[0], name: "minute", range: 0...59, names: [:])
        hours = try CronField.parse(fields[1], name: "hour", range: 0...23, names: [:])
        daysOfMonth = try CronField.parse(fields[2], name: "day-of-month", range: 1...31, names: [:])
        months = try CronField.parse(fields[3], name: "month", range: 1...12, names: CronField.monthNames)
        let weekdays = try CronField.parse(fields[4], name: "day-of-week", range: 0...7, names: CronField.dayNames)
        daysOfWeek = Set(weekdays.map { $0 % 7 })
        dayOfMonthRestricted = !fields[2].hasPrefix("*")
        dayOfWeekRestricted = !fields[4].hasPrefix("*")
        description = trimmed
    }

    /// The first minute strictly after `date` that matches, in `calendar`'s time zone (local
    /// time for the daemon). Nil only for an expression that never matches (`0 0 31 2 *`).
    public func next(after date: Date, calendar: Calendar) -> Date? {
        guard var candidate = calendar.dateInterval(of: .minute, for: date)?.end else { return nil }
        // Four years and a day covers every combination, leap days included.
        let horizon = date.addingTimeInterval(4 * 366 * 86_400)
        while candidate <= horizon {
            let parts = calendar.dateComponents([.month, .day, .weekday, .hour, .minute], from: candidate)
            guard let month = parts.month, let day = parts.day, let weekday = parts.weekday, let hour = parts.hour,
                let minute = parts.minute
            else { return nil }
            if !months.contains(month) {
                candidate = Self.start(of: .month, after: candidate, calendar: calendar)
            } else if !dayMatches(day: day, weekday: weekday - 1) {
                candidate = Self.start(of: .day, after: candidate, calendar: calendar)
            } else if !hours.contains(hour) {
                candidate = Self.start(of: .hour, after: candidate, calendar: calendar)
            } else if !minutes.contains(minute) {
                candidate = candidate.addingTimeInterval(60)
            } else {
                return candidate
            }
        }
        return nil
    }

    private func dayMatches(day: Int, weekday: Int) -> Bool {
        switch (dayOfMonthRestricted, dayOfWeekRestricted) {
        case (true, true): return daysOfMonth.contains(day) || daysOfWeek.contains(weekday)
        case (true, false): return daysOfMonth.contains(day)
        case (false, true): return daysOfWeek.contains(weekday)
        case (false, false): return true
        }
    }

    private static func start(of unit: Calendar.Component, after date: Date, calendar: Calendar) -> Date {
        calendar.dateInterval(of: unit, for: date)?.end ?? date.addingTimeInterval(60)
    }

    static let shorthands: [String: String] = [
        "@hourly": "0 * * * *", "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@weekly": "0 0 * * 0",
        "@monthly": "0 0 1 * *", "@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *",
    ]
}

/// A schedule that cron cannot read; the message names the field and shows a valid example.
public struct CronExpressionError: Error, Sendable, CustomStringConvertible, Equatable {
    public let description: String
    init(_ description: String) { self.description = description }
}
