/// The independent random streams of a tenant; each purpose gets its own so adding one never shifts another.
enum GenerationStream: UInt64 {
    case tenantId = 1
    case idCipher = 2
    case namePermutation = 3
    case user = 4
    case userIdTail = 5
    case mailbox = 6
    case messageCount = 7
    case messageTime = 8
    case message = 9
    case mailboxGuid = 10
}
