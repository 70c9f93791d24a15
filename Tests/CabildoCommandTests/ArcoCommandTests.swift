import CabildoTestSupport
import CabildoCore
import CabildoText
import Foundation
import Testing

extension EndToEnd { @Suite struct ArcoCommandTests {
    static let password = "clave-de-ana-arco"
    static let email = "maria.perez@example.mx", phone = "55 1234 5678"

    /// A database with an administrator, an editor, and a published, answered submission with contact data.
    static func world() throws -> (CLI, folio: String) {
        let cli = try CLI()
        try cli.run(["user", "add", "ana", "--role", "administrator", "--password-stdin"], stdin: password + "\n")
        try cli.run(["user", "add", "eva", "--role", "editor", "--jurisdiction", "15104", "--password-stdin"],
                    stdin: "clave-de-eva-arco\n")
        let database = try AppDatabase.open(path: cli.database, creating: false)
        let clerk = Actor.operator("tests")
        let day = 86_400.0
        let format = Date.ISO8601FormatStyle(timeZone: .current).year().month().day()
        let tlalnepantla = try database.jurisdiction(inegiCode: "15104")!.id!
        let consultation = try database.createConsultation(ConsultationDraft(
            jurisdictionId: tlalnepantla, title: "Movilidad", theme: .mobility,
            opensOn: Date().addingTimeInterval(-day).formatted(format),
            closesOn: Date().addingTimeInterval(30 * day).formatted(format),
            questions: [QuestionDraft(prompt: "¿Qué cambiaría?")]), by: clerk)
        let question = try database.questions(of: consultation.id!)[0]
        let submission = try database.recordSubmission(SubmissionDraft(
            consultationId: consultation.id!, channel: .paper, place: "Palacio Municipal", jurisdictionId: tlalnepantla,
            answers: [question.id!: "Más rutas al metro"],
            contact: ContactDetails(name: "María Pérez", email: email, phone: phone), privacyNoticeVersion: "2026-01"),
            by: clerk)
        _ = try database.moderateSubmission(submission.id!, .publish, by: clerk)
        _ = try database.respondToSubmission(submission.id!, body: "Se estudiará una ruta.", by: clerk)
        return (cli, submission.folio)
    }

    func arco(_ cli: CLI, _ arguments: [String], as name: String = "ana", password: String = password,
              lang: String = "en_US.UTF-8") throws -> CLI.Result {
        try cli.run(["arco"] + [arguments[0], "--admin", name, "--password-stdin"] + arguments.dropFirst(),
                    stdin: password + "\n", lang: lang)
    }

    @Test func aCancellationErasesTheContactDataFromEveryExportAndBackup() throws {
        let (cli, folio) = try Self.world()
        let access = try arco(cli, ["add", "--requester", "Solicitante", "--right", "access", "--folio", folio,
                                    "--channel", "office"])
        #expect(access.status == 0 && access.out.contains("Request 1 registered"), "\(access.err)")
        let copy = cli.directory.appendingPathComponent("copia.json").path
        let given = try arco(cli, ["access", "1", "--output", copy])
        #expect(given.status == 0, "\(given.err)")
        #expect(try String(contentsOfFile: copy, encoding: .utf8).contains(Self.email))
        #expect((try FileManager.default.attributesOfItem(atPath: copy)[.posixPermissions] as? Int) == 0o600)

        let cancel = try arco(cli, ["add", "--requester", "Solicitante", "--right", "cancellation", "--folio", folio,
                                    "--channel", "email"])
        #expect(cancel.status == 0)
        #expect(try arco(cli, ["cancel", "1"]).status == 3)      // request 1 asks for access
        let erased = try arco(cli, ["cancel", "2"])
        #expect(erased.status == 0 && erased.out.contains("erased"), "\(erased.err)")

        // The submission and its response stay, without the contact data.
        #expect(try cli.sqlite("SELECT moderation, contactEmail IS NULL, contactPhone IS NULL FROM submission").out
            == "published|1|1\n")
        #expect(try cli.sqlite("SELECT count(*) FROM response").out == "1\n")
        for format in ["csv", "json"] {
            let export = try cli.run(["export", "submissions", "--format", format, "--internal", "--include-personal-data",
                                      "--admin", "ana", "--password-stdin"], stdin: Self.password + "\n")
            #expect(export.status == 0 && export.out.contains("Más rutas al metro"))
            #expect(!export.out.contains(Self.email) && !export.out.contains(Self.phone) && !export.out.contains("María"))
        }
        #expect(try cli.sqlite("SELECT count(*) FROM auditEntry WHERE before LIKE '%maria.perez%' OR after LIKE '%maria.perez%' OR before LIKE '%55 1234 5678%' OR after LIKE '%55 1234 5678%'").out == "0\n")
        let backup = cli.directory.appendingPathComponent("respaldo.sqlite").path
        #expect(try cli.run(["backup", backup]).status == 0)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: backup))
        #expect(bytes.range(of: Data(Self.email.utf8)) == nil && bytes.range(of: Data(Self.phone.utf8)) == nil)
        #expect(try cli.run(["check"]).status == 0)
        #expect(try arco(cli, ["close", "2", "--outcome", "Datos cancelados."]).status == 0)
        #expect(try arco(cli, ["cancel", "2"]).status == 3)      // closed
    }

    @Test func theListSaysOverdueRequestsInWordsInSpanish() throws {
        let (cli, folio) = try Self.world()
        #expect(try arco(cli, ["add", "--requester", "Solicitante", "--right", "opposition", "--folio", folio,
                               "--channel", "post", "--received-on", "2026-01-15"]).status == 0)
        #expect(try arco(cli, ["add", "--requester", "Otra persona", "--right", "access", "--folio", folio,
                               "--channel", "platform"]).status == 0)
        let list = try arco(cli, ["list"], lang: "es_MX.UTF-8")
        #expect(list.status == 0, "\(list.err)")
        let lines = list.out.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("#1 oposición — VENCIDA: el plazo era el 2026-02-13") == true, "\(list.out)")
        #expect(list.out.contains("#2 acceso — vence el") && list.out.contains("en 20 días hábiles"))
        #expect(list.out.contains("Recibida el 2026-01-15 (correo postal) de Solicitante; folios: "
            + Folio.display(folio)))
        #expect(try arco(cli, ["oppose", "1"]).status == 0)
        #expect(try cli.sqlite("SELECT count(*) FROM noticeOpposition").out == "1\n")
    }

    @Test func onlyAnAdministratorsOwnAccountHandlesRequests() throws {
        let (cli, folio) = try Self.world()
        let add = ["add", "--requester", "Solicitante", "--right", "access", "--folio", folio, "--channel", "office"]
        let editor = try arco(cli, add, as: "eva", password: "clave-de-eva-arco")
        #expect(editor.status == 2)
        #expect(try cli.run(["arco"] + add).status == 64)     // no account given
        #expect(try cli.sqlite("SELECT count(*) FROM arcoRequest").out == "0\n")
    }
} }
