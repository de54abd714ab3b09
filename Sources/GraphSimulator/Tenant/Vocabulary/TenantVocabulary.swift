/// The words the synthetic directory is built from.
///
/// A few entries are awkward on purpose (accents, CJK, an apostrophe) so exports meet real-world text.
/// Every name carries the ASCII form used in addresses; those forms are unique within each list, which
/// keeps user principal names unique.
enum TenantVocabulary {
    struct Name: Sendable {
        let display: String
        let ascii: String
        /// CJK names are written surname first without a space.
        let isCJK: Bool

        init(_ display: String, _ ascii: String, cjk: Bool = false) {
            self.display = display
            self.ascii = ascii
            self.isCJK = cjk
        }
    }

    static let givenNames: [Name] = [
        Name("Adele", "adele"), Name("Alex", "alex"), Name("Allan", "allan"), Name("Amara", "amara"),
        Name("Ben", "ben"), Name("Chloé", "chloe"), Name("Christie", "christie"), Name("Dariusz", "dariusz"),
        Name("Diego", "diego"), Name("Elif", "elif"), Name("Emily", "emily"), Name("Enrico", "enrico"),
        Name("Fatima", "fatima"), Name("François", "francois"), Name("Grady", "grady"), Name("Hana", "hana"),
        Name("Henrietta", "henrietta"), Name("Ingrid", "ingrid"), Name("Isaiah", "isaiah"), Name("Jakob", "jakob"),
        Name("José", "jose"), Name("Joni", "joni"), Name("Kwame", "kwame"), Name("Lee", "lee"),
        Name("Lidia", "lidia"), Name("Łukasz", "lukasz"), Name("Lynne", "lynne"), Name("Megan", "megan"),
        Name("Miriam", "miriam"), Name("Nestor", "nestor"), Name("Nora", "nora"), Name("Olufemi", "olufemi"),
        Name("Patti", "patti"), Name("Pradeep", "pradeep"), Name("Quinn", "quinn"), Name("Renée", "renee"),
        Name("Sakura", "sakura"), Name("Søren", "soren"), Name("Tomás", "tomas"), Name("Uma", "uma"),
        Name("Valentina", "valentina"), Name("Wei", "wei"), Name("Xavier", "xavier"), Name("Yusuf", "yusuf"),
        Name("Zoë", "zoe"), Name("伟", "wei.cn", cjk: true), Name("美咲", "misaki", cjk: true),
        Name("민준", "minjun", cjk: true),
    ]

    static let surnames: [Name] = [
        Name("Adams", "adams"), Name("Bauer", "bauer"), Name("Brown", "brown"), Name("Castro", "castro"),
        Name("Chen", "chen"), Name("Dubois", "dubois"), Name("Eriksen", "eriksen"), Name("Fernández", "fernandez"),
        Name("García", "garcia"), Name("Gupta", "gupta"), Name("Hansen", "hansen"), Name("Ivanova", "ivanova"),
        Name("Johnson", "johnson"), Name("Kowalski", "kowalski"), Name("Larsen", "larsen"), Name("Müller", "mueller"),
        Name("Nakamura", "nakamura"), Name("Nguyen", "nguyen"), Name("O'Brien", "obrien"), Name("Okafor", "okafor"),
        Name("Patel", "patel"), Name("Petrov", "petrov"), Name("Quispe", "quispe"), Name("Rossi", "rossi"),
        Name("Schmidt", "schmidt"), Name("Silva", "silva"), Name("Smith", "smith"), Name("Sánchez", "sanchez"),
        Name("Tanaka", "tanaka"), Name("Thompson", "thompson"), Name("Vance", "vance"), Name("Wilber", "wilber"),
        Name("Williams", "williams"), Name("Yılmaz", "yilmaz"), Name("Zhang", "zhang"), Name("Østergaard", "ostergaard"),
        Name("Lefèvre", "lefevre"), Name("Kim", "kim"), Name("Mensah", "mensah"), Name("Novak", "novak"),
        Name("王", "wang", cjk: true), Name("佐藤", "sato", cjk: true), Name("이", "lee.kr", cjk: true),
    ]

    /// Appended to a few display names, as people do for holidays or status.
    static let displayNameDecorations = [" 🌴", " (Contractor)", " 🚀", " [OOO]"]

    static let jobTitles = [
        "Software Engineer", "Senior Software Engineer", "Product Manager", "Marketing Manager", "Sales Representative",
        "Account Executive", "Data Analyst", "HR Generalist", "Finance Controller", "Legal Counsel",
        "Support Engineer", "Designer", "Director, Operations", "VP \"Growth\"", "Research Scientist",
    ]

    static let departments = [
        "Engineering", "Product", "Marketing", "Sales", "Finance", "Human Resources", "Legal", "Operations",
        "Customer Support", "Research & Development",
    ]

    static let offices: [(city: String, country: String, usageLocation: String, office: String, language: String)] = [
        ("Redmond", "United States", "US", "18/2111", "en-US"),
        ("New York", "United States", "US", "NY-12", "en-US"),
        ("London", "United Kingdom", "GB", "LDN 4.07", "en-GB"),
        ("Paris", "France", "FR", "Paris, Bât. B", "fr-FR"),
        ("München", "Germany", "DE", "MUC-3", "de-DE"),
        ("Tokyo", "Japan", "JP", "東京 7F", "ja-JP"),
        ("São Paulo", "Brazil", "BR", "SP-21", "pt-BR"),
        ("Bengaluru", "India", "IN", "BLR-5", "en-IN"),
    ]

    /// Organisations that guests and external correspondents come from (reserved `.example` domains).
    static let externalDomains = ["fabrikam.example", "northwind.example", "adatum.example", "litware.example"]

    static let companyName = "Contoso"
}
