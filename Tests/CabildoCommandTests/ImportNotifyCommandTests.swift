import CabildoTestSupport
import CabildoCore
import CabildoText
import Foundation
import GRDB
import Testing

/// `cabildo import consultation` and `cabildo notify`, run as the binary.
extension EndToEnd { @Suite struct ImportNotifyCommandTests {
    static let yesterday = Date().addingTimeInterval(-86_400).formatted(Date.ISO8601FormatStyle(timeZone: .current)
        .year().month().day())

    /// Six rows, the third, fifth and sixth bad; the second spans two lines.
    static let withThreeBadRows = """
        ID,Marca temporal,¿Qué cambiaría del transporte público?,¿Cómo se mueve?,Correo,Consentimiento
        A1,\(yesterday) 10:00,Más rutas,A pie,,
        A2,\(yesterday) 10:05,"Dos
        líneas",Automóvil,,
        A3,\(yesterday) 10:10,Banquetas,En helicóptero,,
        A4,\(yesterday) 10:15,Luminarias,,,
        A5,ayer,Semáforos,A pie,,
        A6,\(yesterday) 10:30,Bicis,Transporte público,ana@example.mx,No

        """

    @Test func badRowsAreAllReportedByLineAndColumnThenAFixedFileImportsOnce() throws {
        let world = try KioskWorld()
        let cli = world.cli
        let consultation = try world.database().consultations()[0]
        let bad = cli.directory.appendingPathComponent("en-linea.csv").path
        try Data(("\u{FEFF}" + Self.withThreeBadRows.replacingOccurrences(of: "\n", with: "\r\n")).utf8)
            .write(to: URL(fileURLWithPath: bad))
        let arguments = ["import", "consultation", String(consultation.id!), bad]
        let refused = try cli.run(arguments)
        #expect(refused.status == 3)
        #expect(refused.out.contains("question 1 ← column '¿Qué cambiaría del transporte público?' (by its text)"))
        #expect(refused.out.contains("\(bad):5: column '¿Cómo se mueve?': Question 2: choose one of the options offered"))
        #expect(refused.out.contains("\(bad):7: column 'Marca temporal': write the date and time as"))
        #expect(refused.out.contains("\(bad):8: column 'Consentimiento': contact data can be kept only with consent"))
        #expect(refused.err.hasPrefix("Error: Nothing was imported: 3 rows have problems"))
        #expect(try cli.sqlite("SELECT count(*) FROM submission").out == "0\n")
        let spanish = try cli.run(arguments, lang: "es_MX.UTF-8")
        #expect(spanish.status == 3 && spanish.out.contains("\(bad):5: columna '¿Cómo se mueve?': Pregunta 2:"))

        let fixed = try String(contentsOfFile: bad, encoding: .utf8)
            .replacingOccurrences(of: "En helicóptero", with: "Automóvil")
            .replacingOccurrences(of: "ayer", with: "\(Self.yesterday)T10:20:00-06:00")
            .replacingOccurrences(of: "ana@example.mx,No", with: "ana@example.mx,Sí")
        try fixed.write(toFile: bad, atomically: true, encoding: .utf8)
        #expect(try cli.run(arguments + ["--dry-run"]).out.contains("Dry run: 6 rows would be imported"))
        #expect(try cli.sqlite("SELECT count(*) FROM submission").out == "0\n")
        let first = try cli.run(arguments)
        #expect(first.status == 0)
        #expect(first.out.contains("6 rows imported as online submissions of consultation \(consultation.id!)"))
        let second = try cli.run(arguments)
        #expect(second.status == 0 && second.out.contains("0 rows imported") && second.out.contains("6 were imported before"))
        #expect(try cli.sqlite("SELECT count(*), count(DISTINCT folio), min(channel) FROM submission").out == "6|6|online\n")
        #expect(try cli.run(["check"]).status == 0)
    }

    /// A fake sendmail that keeps each message and its arguments, numbered.
    static func fakeSendmail(in directory: URL, failing: Bool = false) throws -> String {
        let script = directory.appendingPathComponent(failing ? "sendmail-failing" : "sendmail").path
        let body = failing ? "echo 'temporary failure' >&2; exit 75" : """
            n=$(ls '\(directory.path)' | grep -c '^mail-.*\\.eml$')
            printf '%s\\n' "$@" > '\(directory.path)'/mail-$n.args
            cat > '\(directory.path)'/mail-$n.eml
            """
        try "#!/bin/sh\n\(body)\n".write(toFile: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: script)
        return script
    }

    static func mails(in directory: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".eml") }.sorted()
    }

    /// A device or a folder is named as such, never "permission denied"; a
    /// pipe (a shell's `<(…)`) is read like a file.
    @Test func aDeviceOrAFolderIsRefusedForWhatItIsAndAPipeIsRead() throws {
        let world = try KioskWorld()
        let cli = world.cli
        let id = String(try world.database().consultations()[0].id!)
        let device = try cli.run(["import", "consultation", id, "/dev/null"])
        #expect(device.status != 0)
        #expect(device.err.contains("/dev/null is not a file (a device or a socket)"))
        #expect(!device.err.contains("permission"))
        let folder = try cli.run(["import", "consultation", id, cli.directory.path])
        #expect(folder.err.contains("is a folder; give the name of a file"))
        let fifo = cli.directory.appendingPathComponent("rows.csv").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let writer = Thread {
            let fd = open(fifo, O_WRONLY)
            let header = Data("ID,Marca temporal\n".utf8)
            _ = header.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            close(fd)
        }
        writer.start()
        let piped = try cli.run(["import", "consultation", id, fifo])
        // Read whole: what it says is about the columns, not the file.
        #expect(piped.err.contains("no column holds question 1"))
    }

    @Test func publishedResponsesAndAnswersAreSentOnceThroughSendmail() throws {
        let world = try KioskWorld()
        let cli = world.cli
        let db = try world.database()
        let op = Actor.operator("tests")
        let consultation = try db.consultations()[0]
        let questions = try db.questions(of: consultation.id!)
        var folios: [String] = []
        for contact in [ContactDetails(name: "Ana", email: "ana@example.mx"), ContactDetails(phone: "55 1234 5678")] {
            let submission = try db.recordSubmission(SubmissionDraft(
                consultationId: consultation.id!, channel: .paper, place: "Oficina", jurisdictionId: consultation.jurisdictionId,
                answers: [questions[0].id!: "Más rutas"], contact: contact, privacyNoticeVersion: "2026-01"), by: op)
            _ = try db.respondToSubmission(submission.id!, body: "Se agregará una ruta al norte.", by: op)
            folios.append(submission.folio)
        }
        let mechanism = try #require(try db.mechanisms(jurisdictionId: consultation.jurisdictionId).first)
        let request = try db.sendContactRequest(mechanismId: mechanism.id!, message: "¿Cuándo sesionan?",
                                                contact: ContactDetails(email: "luis@example.mx"),
                                                privacyNoticeVersion: "2026-01", place: nil, by: op)
        _ = try db.answerContactRequest(request.id!, answer: "El primer lunes del mes.", by: op)

        let mailDirectory = cli.directory.appendingPathComponent("mail")
        try FileManager.default.createDirectory(at: mailDirectory, withIntermediateDirectories: true)
        let failing = try cli.run(["notify", "send", "--sendmail", try Self.fakeSendmail(in: mailDirectory, failing: true)])
        #expect(failing.status == 1)
        #expect(failing.out.contains("could not be sent and stays queued: sendmail failed (status 75): temporary failure"))
        #expect(try cli.sqlite("SELECT status, attempts, lastError IS NOT NULL FROM notice WHERE email IS NOT NULL").out
            == "queued|1|1\nqueued|1|1\n")

        // The path from the environment, as a server sets it once.
        let sendmail = try Self.fakeSendmail(in: mailDirectory)
        let badSender = try cli.run(["notify", "send", "--sendmail", sendmail, "--from", "cabildo@example.mx\nBcc: x@example.mx"])
        #expect(badSender.status == 3 && badSender.err.contains("Sender's address"))
        #expect(try Self.mails(in: mailDirectory).isEmpty)
        let environment = ["CABILDO_DATABASE": cli.database, "LANG": "en_US.UTF-8", "HOME": cli.directory.path,
                           "CABILDO_SENDMAIL": sendmail]
        let sent = try CLI.exec(CLI.binary, ["notify", "send"], stdin: nil, environment: environment)
        #expect(sent.status == 0 && sent.out.contains("2 notices sent by e-mail; 0 could not be sent."))
        let mails = try Self.mails(in: mailDirectory)
        #expect(mails.count == 2)
        let first = try String(contentsOf: mailDirectory.appendingPathComponent(mails[0]), encoding: .utf8)
        #expect(try String(contentsOf: mailDirectory.appendingPathComponent("mail-0.args"), encoding: .utf8)
            == "-i\n--\nana@example.mx\n")
        #expect(first.hasPrefix("To: <ana@example.mx>\n"))
        #expect(first.contains("Content-Type: text/plain; charset=UTF-8\n"))
        let body = String(decoding: Data(base64Encoded: first.components(separatedBy: "\n\n")[1]
            .replacingOccurrences(of: "\n", with: ""))!, as: UTF8.self)
        #expect(body.contains("Hola, Ana:") && body.contains("folio \(Folio.display(folios[0]))"))
        #expect(body.contains("Se agregará una ruta al norte."))

        let again = try CLI.exec(CLI.binary, ["notify", "send"], stdin: nil, environment: environment)
        #expect(again.status == 0 && again.out.contains("0 notices sent by e-mail"))
        #expect(try Self.mails(in: mailDirectory).count == 2)
        #expect(try cli.sqlite("SELECT status FROM notice ORDER BY id").out == "sent\nqueued\nsent\n")

        // The telephone-only citizen: listed for a call, then marked by hand, once.
        let list = try cli.run(["notify", "list", "--municipality", "15104"])
        #expect(list.status == 0 && list.out.contains("folio \(Folio.display(folios[1]))"))
        #expect(list.out.contains("telephone 55 1234 5678") && list.out.contains("Se agregará una ruta al norte."))
        #expect(try cli.run(["notify", "list", "--municipality", "15031"]).out
            .contains("No notices are waiting for a telephone call."))
        let id = try cli.sqlite("SELECT id FROM notice WHERE email IS NULL").out.trimmingCharacters(in: .whitespacesAndNewlines)
        // Queued at 9:30 p.m. in Mexico City: listed on that day, not on the next UTC day.
        let queued = try cli.sqlite("SELECT createdAt FROM notice WHERE id = \(id)").out.trimmingCharacters(in: .whitespacesAndNewlines)
        _ = try cli.sqlite("UPDATE notice SET createdAt = '2026-03-02T03:30:00Z' WHERE id = \(id)")
        let evening = try CLI.exec(CLI.binary, ["notify", "list"], stdin: nil, environment: [
            "CABILDO_DATABASE": cli.database, "LANG": "en_US.UTF-8", "HOME": cli.directory.path, "TZ": "America/Mexico_City"])
        #expect(evening.out.contains("queued 2026-03-01") && !evening.out.contains("2026-03-02"), "\(evening.out)")
        _ = try cli.sqlite("UPDATE notice SET createdAt = '\(queued)' WHERE id = \(id)")
        #expect(try cli.run(["notify", "mark", id]).status == 64)
        #expect(try cli.run(["notify", "mark", id, "--delivered-by-hand"]).status == 0)
        #expect(try cli.run(["notify", "mark", id, "--delivered-by-hand"]).status == 3)
        #expect(try cli.run(["notify", "list"]).out.contains("No notices are waiting"))
        #expect(try cli.run(["check"]).status == 0)
    }
}}
