/// The words calendars are written with; some awkward on purpose, as in mail.
enum EventVocabulary {
    static let subjects = [
        "Weekly sync", "1:1", "Quarterly business review", "Design review: \"Falcon\" v2", "Lunch & learn",
        "Interview, senior engineer", "Budget planning, FY27", "Standup", "Customer call – Northwind", "Offsite prep",
        "Réunion d'équipe", "定例会議", "اجتماع الفريق", "🎂 Birthday cake", "Focus time", "Line one\nline two", "",
        "Town hall", "Sprint planning", "Coffee ☕",
    ]

    static let locations: [(name: String, isRoom: Bool)] = [
        ("Conference Room 4/1 – Falcon", true), ("Café", false), ("東京 会議室 A", true), ("قاعة الاجتماعات", true),
        ("", false), ("Building 18, \"The Hub\"", true), ("Home office", false), ("Microsoft Teams Meeting", false),
    ]

    static let sentences = [
        "Agenda to follow.", "Please review the deck before the meeting.", "We will record this session.",
        "Dial-in details are below.", "Bring your laptop, please.", "Merci de confirmer votre présence.",
        "資料は事前に共有します。", "Let's keep it short 🙂",
    ]

    static let responses = ["accepted", "accepted", "accepted", "tentativelyAccepted", "declined", "none", "notResponded"]
    static let attendeeTypes = ["required", "required", "required", "optional"]
    static let showAs = ["busy", "busy", "busy", "tentative", "free", "oof", "workingElsewhere"]
    static let weekdays = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"]
}
