/// The planted mail of one mailbox (see `SimulatedTenant+PlantedMail`): the weekly series its owner sends
/// (Sent Items) and receives (Inbox), each with its times in the mail window.
///
/// A planted message's ordinal is `flag | slot << weekBits | week`: the flag lies above every generation's
/// bits, so planted ordinals never meet drawn ones, and the slot (the series' position in its folder) and
/// week follow from the first generation's manager tree alone, so an ordinal means the same message at
/// every generation.
struct PlantedMailLayout: Sendable {
    /// One weekly series in a folder.
    struct Series: Sendable {
        let series: SimulatedTenant.PlantedMailSeries
        /// When week 0 of the series is sent (seconds since 1970); each later week is 7 days after it.
        let firstSent: Int64
        /// The weeks that are sent inside the mail window.
        let weeks: Range<Int>

        /// When the series' message of `week` is sent.
        func sent(week: Int) -> Int64 {
            firstSent + Int64(week) * PlantedMailLayout.weekSeconds
        }
    }

    var inbox: [Series] = []
    var sentItems: [Series] = []

    static let weekSeconds: Int64 = 7 * 86_400
    /// Marks planted ordinals: above the generation bits (`SimulatedTenant.generationShift` plus 11 bits for
    /// `SimulatorConfiguration.maximumGeneration`), still inside the 32 bits item ids carry.
    static let flag = 1 << 31
    /// Bits of the week in an ordinal: the longest mail window (3,650 days) has fewer than 1,024 weeks.
    static let weekBits = 10

    func series(in folder: SimulatedMailFolder) -> [Series] {
        folder == .inbox ? inbox : sentItems
    }

    /// How many planted messages a folder holds.
    func count(in folder: SimulatedMailFolder) -> Int {
        series(in: folder).reduce(0) { $0 + $1.weeks.count }
    }

    static func ordinal(slot: Int, week: Int) -> Int {
        flag | slot << weekBits | week
    }

    static func isPlanted(_ ordinal: Int) -> Bool {
        ordinal & flag != 0
    }

    /// The slot and week a planted ordinal carries.
    static func slotAndWeek(of ordinal: Int) -> (slot: Int, week: Int) {
        ((ordinal & ~flag) >> weekBits, ordinal & (1 << weekBits - 1))
    }
}
