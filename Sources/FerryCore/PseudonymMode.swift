/// What pseudonymization does to one kind of personal data.
public enum PseudonymMode: String, Sendable, Equatable, CaseIterable {
    /// A keyed HMAC-SHA256 of the normalized value: the same input gives the same pseudonym.
    case hash
    /// Like `hash`, but an e-mail address keeps its domain: `<hash>@contoso.com`.
    case hashKeepDomain = "hash_keep_domain"
    /// The value becomes null.
    case redact
    /// The column leaves the output entirely (for nested values: the property is removed).
    case drop
    /// The value is written as it came.
    case keep

    /// What each kind of personal data gets unless the pipeline says otherwise.
    public static func defaultMode(for kind: PersonalDataKind) -> PseudonymMode {
        switch kind {
        case .email, .name, .phone, .externalId: .hash
        case .text: .drop
        case .identifier: .keep
        }
    }
}
