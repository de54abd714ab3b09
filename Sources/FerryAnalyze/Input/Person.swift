/// One person of the directory, by pseudonymized id.
public struct Person: Sendable {
    /// The pseudonymized user id (`id` in users, `puser` elsewhere).
    public var id: String
    /// The department as the directory has it, if any.
    public var department: String?
    /// The office as the directory has it, if any.
    public var office: String?
    /// The index of the person's manager, if known.
    public var manager: Int?
    /// Working hours and time zone from the mailbox settings (the default when unknown).
    public var workingHours: WorkingHours
    /// Whether the mailbox settings were found for the person.
    public var hasMailboxSettings = false
}
