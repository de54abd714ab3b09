import Foundation
import Testing

@testable import FerryAnalyze

/// Every Windows zone name Outlook can give in mailbox settings reaches a zone the system knows: one left
/// out would put its people's working hours in UTC.
@Suite struct WindowsTimeZonesTests {
    @Test func everyWindowsZoneOfCLDRIsMappedToAKnownZone() {
        #expect(WindowsTimeZones.ianaByWindowsName.count == 140, "CLDR's 139 zones and Outlook's UTC alias")
        for (windows, iana) in WindowsTimeZones.ianaByWindowsName {
            #expect(TimeZone(identifier: iana) != nil, "\(windows) -> \(iana) is not a zone this system knows")
        }
    }

    @Test func zonesOnceLeftOutAreThere() {
        // Chile, Morocco, Moldova, Jordan, Uzbekistan and Belarus fell back to UTC before.
        #expect(WindowsTimeZones.ianaName(for: "Pacific SA Standard Time") == "America/Santiago")
        #expect(WindowsTimeZones.ianaName(for: "Morocco Standard Time") == "Africa/Casablanca")
        #expect(WindowsTimeZones.ianaName(for: "E. Europe Standard Time") == "Europe/Chisinau")
        #expect(WindowsTimeZones.ianaName(for: "Jordan Standard Time") == "Asia/Amman")
        #expect(WindowsTimeZones.ianaName(for: "West Asia Standard Time") == "Asia/Tashkent")
        #expect(WindowsTimeZones.ianaName(for: "Belarus Standard Time") == "Europe/Minsk")
        #expect(WindowsTimeZones.ianaName(for: "Europe/Oslo") == "Europe/Oslo")
        #expect(WindowsTimeZones.ianaName(for: "Atlantis Standard Time") == nil)
    }
}
