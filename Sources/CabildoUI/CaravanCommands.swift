import CabildoCore
import CabildoText
import Foundation

extension Commands {
    /// `cabildo keys`: makes the server's caravan keys if there are none, and shows the public one.
    public static func keys(databasePath: String, console: Console) throws -> ExitStatus {
        let keys = try CaravanServerKeys.forDatabase(at: databasePath, create: true)!
        console.say(Message("Caravan public key of this server (fingerprint {fingerprint}):",
                            ["fingerprint": .text(keys.fingerprint)]))
        console.say(keys.publicKey)
        console.say(Message("The private key is in {path}, readable only by its owner; keep it with the database's backups.",
                            ["path": .text(CaravanServerKeys.path(forDatabase: databasePath))]))
        return .ok
    }

    /// `cabildo caravan prepare`: the kit for one jornada, written whole to a new file.
    public static func caravanPrepare(_ database: AppDatabase, databasePath: String, municipality: String, day: String,
                                      output: String, force: Bool, console: Console) throws -> ExitStatus {
        let file = database.outputFile(output, force: force)
        try file.checkTarget()
        let keys = try CaravanServerKeys.forDatabase(at: databasePath, create: true)!
        let kit = try database.prepareCaravanKit(municipality: municipality, day: day, keys: keys, by: .operator())
        try file.writeText { emit in try emit(kit.text) }
        console.say(Message("Kit {kit} written to {file}: {consultations} open consultations, {mechanisms} mechanisms, {folios} earlier folios, for municipality {code} on {day}.",
                            ["kit": .text(kit.kitId), "file": .text(output),
                             "consultations": .text(String(kit.consultations)),
                             "mechanisms": .text(String(kit.mechanisms)), "folios": .text(String(kit.folios)),
                             "code": .text(kit.municipality), "day": .text(kit.day)]))
        return .ok
    }

    /// `cabildo caravan open`: the laptop's database from the kit, the jornada
    /// started or resumed, and the kiosk's set-up on the caravan channel.
    public static func caravanOpen(kitFile: String, databasePath: String, place: String, staff: String,
                                   passwordFile: String, idle: Int, countdown: Int,
                                   console: Console) throws -> (AppDatabase, KioskSetup) {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: kitFile)) } catch {
            throw CabildoError.file(error, path: kitFile)
        }
        let password = try KioskSetups.password(fromFile: passwordFile)
        let database = try AppDatabase.openCaravanLaptop(path: databasePath, kitText: String(decoding: data, as: UTF8.self),
                                                         kitFile: kitFile)
        let jornada = try database.startJornada(place: place, staff: staff, password: password,
                                                databasePath: databasePath)
        let setup = try KioskSetups.make(database: database, place: jornada.place, account: "caravana-kiosco",
                                         passwordFile: passwordFile, jurisdiction: nil, channel: .caravan,
                                         idle: idle, countdown: countdown)
        console.say(Message("Jornada {jornada} open at {place} on {day}. Staff type paper forms with: cabildo --database {path} (account caravana).",
                            ["jornada": .text(jornada.uid), "place": .text(jornada.place), "day": .text(jornada.day),
                             "path": .text(databasePath)]))
        return (database, setup)
    }

    /// `cabildo caravan close`: closes the jornada and writes its bundle.
    public static func caravanClose(_ database: AppDatabase, databasePath: String, output: String, force: Bool,
                                    paperCollected: Int?, console: Console) throws -> ExitStatus {
        let file = database.outputFile(output, force: force)
        try file.checkTarget()
        let bundle = try database.closeJornada(paperCollected: paperCollected, databasePath: databasePath,
                                               by: .operator())
        try file.writeText { emit in try emit(bundle.text) }
        console.say(Message("Bundle of jornada {jornada} written to {file}: {submissions} submissions ({typed} typed from {collected} paper forms collected), {requests} messages to mechanisms, {sealed} with sealed contact data.",
                            ["jornada": .text(bundle.jornadaUid), "file": .text(output),
                             "submissions": .text(String(bundle.submissions)), "typed": .text(String(bundle.paperTyped)),
                             "collected": .text(String(bundle.paperCollected)),
                             "requests": .text(String(bundle.contactRequests)),
                             "sealed": .text(String(bundle.sealedContacts))]))
        return .ok
    }

    /// `cabildo import BUNDLE`: checks a caravan bundle whole, then merges it.
    public static func importBundle(_ database: AppDatabase, databasePath: String, file: String,
                                    console: Console) throws -> ExitStatus {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: file)) } catch {
            throw CabildoError.file(error, path: file)
        }
        let keys = try CaravanServerKeys.forDatabase(at: databasePath, create: false)
        let report = try database.importCaravanBundle(String(decoding: data, as: UTF8.self), file: file, keys: keys,
                                                      by: .operator())
        for collision in report.collisions {
            console.say(Message("Folio {folio} already named another record here; this one was kept as folio {new}.",
                                ["folio": .text(Folio.display(collision.folio)),
                                 "new": .text(Folio.display(collision.newFolio))]))
        }
        console.say(Message("Jornada {jornada} (kit {kit}, municipality {code}, {day}): {added} records merged, {before} merged before.",
                            ["jornada": .text(report.jornadaUid), "kit": .text(report.kitId),
                             "code": .text(report.municipality), "day": .text(report.day),
                             "added": .text(String(report.added)), "before": .text(String(report.alreadyMerged))]))
        return .ok
    }
}
