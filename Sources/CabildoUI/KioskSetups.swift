import CabildoCore
import CabildoText
import Foundation

public enum KioskSetups {
    /// Signs the kiosk account in and settles where the kiosk stands.
    public static func make(database: AppDatabase, place: String, account: String, passwordFile: String,
                            jurisdiction: String?, channel: Channel, idle: Int, countdown: Int,
                            perMinute: Int = AppDatabase.kioskSubmissionsPerMinute) throws -> KioskSetup {
        guard let text = try? String(contentsOfFile: passwordFile, encoding: .utf8),
              let password = text.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init),
              !password.isEmpty else {
            throw CabildoError(.validation, Message("Cannot read a password from {path}.", ["path": .text(passwordFile)]))
        }
        let place = try Fields.requiredPlace.clean(place)
        let signedIn = try database.signIn(username: account, password: password,
                                           at: SignInTerminal.kiosk(account: account, place: place), for: .kiosk)
        let jurisdictionId: Int64
        if let jurisdiction {
            guard let found = try database.jurisdiction(inegiCode: jurisdiction) else {
                throw CabildoError.init(.validation, Message("No jurisdiction has the INEGI code {code}.",
                                                             ["code": .text(jurisdiction)]))
            }
            jurisdictionId = found.id!
        } else if let own = signedIn.jurisdictionId {
            jurisdictionId = own
        } else {
            throw CabildoError(.validation, Message("Give the kiosk's jurisdiction with --jurisdiction CODE."))
        }
        let spanish = Localizer.current.language == "es" ? Localizer.current
            : try Localizer.load(language: "es", localesDirectory: Resources.locales)
        let english = try Localizer.load(language: "en", localesDirectory: Resources.locales)
        let languages = Localizer.current.language == "en" ? [english, spanish] : [spanish, english]
        return KioskSetup(place: place, jurisdictionId: jurisdictionId, channel: channel, actor: Actor(account: signedIn),
                          languages: languages, idleSeconds: idle, countdownSeconds: countdown,
                          submissionsPerMinute: perMinute)
    }
}
