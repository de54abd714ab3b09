/// The words simulated mail is written with.
///
/// Some subjects are awkward on purpose: commas, double quotes, a newline, an empty one, non-Latin
/// scripts and emoji, so CSV and JSON encoders downstream meet them in every run.
enum MessageVocabulary {
    static let subjects = [
        "Quarterly review", "Budget, Q3 \"final\" numbers", "Lunch on Friday?", "Project Falcon: status update",
        "Contract – signed copy attached", "Re-org announcement", "Your expense report", "Customer escalation #4512",
        "Invitation: design sync", "Notes from today's call", "Action items, owners, dates", "Travel plans",
        "Réunion d'équipe", "会議の議事録", "🎉 Launch party", "Line one\nline two", "", "Welcome to the team!",
        "Draft: \"Vision 2030\" deck", "Server maintenance window", "Hiring update", "FYI",
    ]

    /// The subjects of planted mail (see `SimulatedTenant+PlantedMail`): topics after `subjects`, which the
    /// random draws never reach, so adding them shifts no drawn message.
    static let plantedSubjects = ["Weekly team update", "Weekly status"]

    /// The subject of a topic: one of `subjects`, then one of `plantedSubjects`.
    static func subject(topic: Int) -> String {
        topic < subjects.count ? subjects[topic] : plantedSubjects[topic - subjects.count]
    }

    static let subjectPrefixes = ["RE: ", "FW: "]

    static let sentences = [
        "Please find the latest numbers below.", "Can we move this to next week?",
        "I have attached the updated version.", "Let me know if you have any questions.",
        "The team agreed on the plan during the call.", "We are still waiting for legal to sign off.",
        "Thanks for the quick turnaround.", "Could you review this before Thursday?",
        "The customer confirmed the order, 120 units.", "Merci pour votre retour rapide.",
        "Ich melde mich morgen früh.", "明日までにご確認ください。", "Great work, everyone 👏",
    ]

    static let categories: [[String]] = [["Blue category"], ["Red category", "Project Falcon"], ["Follow up"]]
}
