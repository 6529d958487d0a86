/// Word lists for plausible synthetic directories. Fixed lists, so feeds stay byte-identical for a seed.
enum SyntheticNames {
    static let tenants = [
        "contoso", "fabrikam", "northwind", "adatum", "litware", "tailspin", "woodgrove", "proseware",
        "fourthcoffee", "wingtip", "alpineski", "blueyonder", "lucerne", "margie", "coho", "humongous",
        "relecloud", "wideworld", "treyresearch", "vanarsdel", "graphicdesign", "southridge", "lamna", "trey",
    ]
    static let givenNames = [
        "Ann", "Bob", "Chen", "Dara", "Eve", "Farid", "Grace", "Hiro", "Ines", "José", "Kai", "Lena", "Mateo",
        "Nadia", "Omar", "Priya", "Quinn", "Rosa", "Sven", "Tomás", "Uma", "Viktor", "Wen", "Zoë", "Aïda", "Björn",
        "Chloé", "Dmitri", "Émile", "Fatima", "Gustav", "Hana", "Ivan", "Jun", "Kofi", "Léa", "Mikael", "Nour",
    ]
    static let surnames = [
        "Lee", "Smith", "Garcia", "Müller", "Nguyen", "Okafor", "Rossi", "Sato", "Kowalski", "Johansson", "Dubois",
        "Silva", "Novak", "Haddad", "Kim", "Patel", "Ivanova", "Andersen", "Østergaard", "Fernández", "Yılmaz",
        "O'Brien", "Nakamura", "Schmidt", "Moreau", "Costa", "Horváth", "Wójcik", "Ahmed", "Brown",
    ]
    static let departments = ["R&D", "Sales", "Marketing", "Finance", "HR", "Legal", "Operations", "Support", "IT",
                              "Engineering"]
    static let jobTitles = ["Engineer", "Senior Engineer", "Manager", "Director", "Analyst", "Designer", "Consultant",
                            "Account Executive", "Specialist", "Architect", "Recruiter", "Accountant"]
    static let locations: [(city: String, state: String?, country: String, postalCode: String, language: String)] = [
        ("Seattle", "WA", "United States", "98101", "en-US"), ("London", nil, "United Kingdom", "EC1A 1BB", "en-GB"),
        ("München", "BY", "Germany", "80331", "de-DE"), ("Paris", nil, "France", "75001", "fr-FR"),
        ("São Paulo", "SP", "Brazil", "01000-000", "pt-BR"), ("Tokyo", nil, "Japan", "100-0001", "ja-JP"),
        ("Bengaluru", "KA", "India", "560001", "en-IN"), ("Toronto", "ON", "Canada", "M5H 2N2", "en-CA"),
        ("Sydney", "NSW", "Australia", "2000", "en-AU"), ("Stockholm", nil, "Sweden", "111 20", "sv-SE"),
    ]
    static let streets = ["Main Street", "Market Street", "Harbour Road", "Kingsway", "Linden Allee", "Rue de la Paix",
                          "Avenida Paulista", "Station Road"]
    static let groupKinds = ["team", "project", "all", "leads", "contractors", "on-call", "guild"]

    /// ASCII form of a name for user principal names and nicknames (the directory would refuse the others there).
    static func ascii(_ name: String) -> String {
        var out = ""
        for ch in name.lowercased() {
            switch ch {
            case "à", "á", "â", "ã", "ä", "å": out += "a"
            case "æ": out += "ae"
            case "ç": out += "c"
            case "è", "é", "ê", "ë": out += "e"
            case "ì", "í", "î", "ï", "ı": out += "i"
            case "ñ": out += "n"
            case "ò", "ó", "ô", "õ", "ö", "ø": out += "o"
            case "ù", "ú", "û", "ü": out += "u"
            case "ß": out += "ss"
            case "ł": out += "l"
            case "ś": out += "s"
            case "ć": out += "c"
            case "ź", "ż": out += "z"
            case "ń": out += "n"
            case "ą": out += "a"
            case "ę": out += "e"
            case "'", " ", "-": break
            default: if ch.isASCII { out.append(ch) }
            }
        }
        return out
    }
}
