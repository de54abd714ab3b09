/// The words groups are named with; some awkward on purpose (right-to-left script, CJK, quotes, emoji).
enum GroupVocabulary {
    struct Theme: Sendable {
        let name: String
        /// The ASCII start of the group's mail nickname.
        let slug: String
    }

    static let teams: [Theme] = [
        Theme(name: "Project Falcon", slug: "falcon"), Theme(name: "Sales – EMEA", slug: "sales-emea"),
        Theme(name: "Marketing, Brand & Web", slug: "brand"), Theme(name: "Équipe Paris", slug: "paris"),
        Theme(name: "営業チーム", slug: "eigyo"), Theme(name: "فريق المبيعات", slug: "mabiaat"),
        Theme(name: "Support \"Tier 2\"", slug: "support-t2"), Theme(name: "R&D Platform", slug: "rd-platform"),
        Theme(name: "Finance Ops 💰", slug: "finops"), Theme(name: "People & Culture", slug: "people"),
        Theme(name: "צוות מוצר", slug: "tsevet"), Theme(name: "Data Science", slug: "datasci"),
    ]

    static let interests: [Theme] = [
        Theme(name: "Running Club", slug: "running"), Theme(name: "Book club 📚", slug: "books"),
        Theme(name: "Women in Tech", slug: "wit"), Theme(name: "Parents@Contoso", slug: "parents"),
        Theme(name: "Photography", slug: "photo"), Theme(name: "Cycling, Commuters", slug: "cycling"),
        Theme(name: "Green Team 🌱", slug: "green"), Theme(name: "Toastmasters", slug: "toast"),
    ]

    static let descriptions = [
        "Where the team shares files, notes and plans.", "Weekly sync, decisions and \"parking lot\" items.",
        "Line one\nline two", "Für alle Kolleginnen und Kollegen", "チームの連絡用", "مجموعة للتواصل", "",
        "Access to shared resources, approved by IT.",
    ]
}
