import CabildoCore
import CabildoText
import Foundation

public enum KioskSetups {
    /// Signs the kiosk account in and settles where the kiosk stands.
    public static func make(database: AppDatabase, place: String, account: String, passwordFile: String,
                            jurisdiction: String?, channel: Channel, idle: Int, countdown: Int,
                            perMinute: Int = AppDatabase.kioskSubmissionsPerMinute) throws -> KioskSetup {
        let password = try password(fromFile: passwordFile)
        let station = try database.startKiosk(account: account, password: password, place: place,
                                              jurisdictionCode: jurisdiction)
        let spanish = Localizer.current.language == "es" ? Localizer.current
            : try Localizer.load(language: "es", localesDirectory: Resources.locales)
        let english = try Localizer.load(language: "en", localesDirectory: Resources.locales)
        let languages = Localizer.current.language == "en" ? [english, spanish] : [spanish, english]
        return KioskSetup(place: station.place, jurisdictionId: station.jurisdictionId, channel: channel,
                          account: station.account,
                          languages: languages, idleSeconds: idle, countdownSeconds: countdown,
                          submissionsPerMinute: perMinute)
    }

    /// The first line of a password file.
    public static func password(fromFile passwordFile: String) throws -> String {
        guard let text = try? String(contentsOfFile: passwordFile, encoding: .utf8),
              let password = text.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init),
              !password.isEmpty else {
            throw CabildoError(.validation, Message("Cannot read a password from {path}.", ["path": .text(passwordFile)]))
        }
        return password
    }
}
