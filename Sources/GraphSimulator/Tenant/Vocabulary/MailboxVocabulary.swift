/// Regional settings and automatic replies of mailboxes.
enum MailboxVocabulary {
    struct Region: Sendable {
        let city: String
        let timeZone: String
        let locale: String
        let dateFormat: String
        let timeFormat: String
    }

    /// One per office of `TenantVocabulary.offices`, matched by city.
    static let regions = [
        Region(city: "Redmond", timeZone: "Pacific Standard Time", locale: "en-US", dateFormat: "M/d/yyyy", timeFormat: "h:mm tt"),
        Region(city: "New York", timeZone: "Eastern Standard Time", locale: "en-US", dateFormat: "M/d/yyyy", timeFormat: "h:mm tt"),
        Region(city: "London", timeZone: "GMT Standard Time", locale: "en-GB", dateFormat: "dd/MM/yyyy", timeFormat: "HH:mm"),
        Region(city: "Paris", timeZone: "Romance Standard Time", locale: "fr-FR", dateFormat: "dd/MM/yyyy", timeFormat: "HH:mm"),
        Region(city: "München", timeZone: "W. Europe Standard Time", locale: "de-DE", dateFormat: "dd.MM.yyyy", timeFormat: "HH:mm"),
        Region(city: "Tokyo", timeZone: "Tokyo Standard Time", locale: "ja-JP", dateFormat: "yyyy/MM/dd", timeFormat: "H:mm"),
        Region(city: "São Paulo", timeZone: "E. South America Standard Time", locale: "pt-BR", dateFormat: "dd/MM/yyyy", timeFormat: "HH:mm"),
        Region(city: "Bengaluru", timeZone: "India Standard Time", locale: "en-IN", dateFormat: "dd-MM-yyyy", timeFormat: "h:mm tt"),
    ]

    static let languageNames = [
        "en-US": "English (United States)", "en-GB": "English (United Kingdom)", "fr-FR": "French (France)",
        "de-DE": "German (Germany)", "ja-JP": "Japanese (Japan)", "pt-BR": "Portuguese (Brazil)", "en-IN": "English (India)",
    ]

    static let replies = [
        "I'm out of office until Monday, with limited access to e-mail.",
        "Je suis absent(e), retour le 3 janvier.\nEn cas d'urgence, contactez \"Support\".",
        "休暇中です。返信が遅れます。", "On parental leave 👶, back in spring. For urgent matters, write to my manager.",
        "<html><body><p>Out of office, back soon.</p></body></html>",
    ]
}
