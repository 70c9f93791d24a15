import CabildoTestSupport
import CabildoCore
import CabildoText
import Foundation
import Testing
@testable import CabildoPublish

/// One published site shared by the read-only tests (publishing takes a moment).
let published: Result<(root: URL, report: Site.Report, world: PublishWorld), any Error> = Result {
    let world = try PublishWorld()
    let root = try temporaryDirectory()
    return (root, try world.publish(to: root), world)
}

func site() throws -> (root: URL, report: Site.Report, world: PublishWorld) { try published.get() }

func pages(_ root: URL) throws -> [String: String] {
    try files(under: root).filter { $0.key.hasSuffix(".html") }.mapValues { String(decoding: $0, as: UTF8.self) }
}

@Suite struct PublishTests {
    @Test func spanishAtTheRootEnglishUnderEnAndOneStylesheet() throws {
        let (root, report, world) = try site()
        let all = try files(under: root)
        let html = try pages(root)
        #expect(report.pages == html.count)
        #expect(report.files == all.count - 1)   // the marker is not counted
        #expect(report.bytes == all.filter { $0.key != Site.marker }.values.reduce(0) { $0 + $1.count })
        for path in ["index.html", "catalogue.html", "plans.html", "consultations.html", "about.html",
                     "mechanism/\(world.mechanismId).html", "consultation/\(world.consultationId).html"] {
            #expect(html[path]?.contains("<html lang=\"es\">") == true, "\(path)")
            #expect(html["en/" + path]?.contains("<html lang=\"en\">") == true, "en/\(path)")
        }
        #expect(all.keys.filter { $0.hasSuffix(".css") } == ["style.css"])
        #expect(!all.keys.contains { $0.hasSuffix(".js") })
        for (path, page) in html {
            #expect(!page.contains("<script"), "\(path)")
            // Nothing loaded from elsewhere: the only absolute addresses are links people follow.
            #expect(!page.contains("src=\"http"), "\(path)")
            #expect(!page.contains("stylesheet\" href=\"http"), "\(path)")
        }
        #expect(html["index.html"]!.contains("Gobierno abierto: participación, compromisos y consultas"))
        #expect(html["en/index.html"]!.contains("Open government: participation, commitments and consultations"))
        // The day of the last change recorded (the test clock's), not the day the site was written.
        #expect(html["index.html"]!.contains("Datos publicados el 2026-03-02."))
        #expect(html["en/about.html"]!.contains("Data published on 2026-03-02"))
    }

    @Test func theCatalogueShowsAMechanismWhole() throws {
        let (root, _, world) = try site()
        let page = try pages(root)["mechanism/\(world.mechanismId).html"]!
        for text in [Planted.memberName, "Integrante Anterior López", "Alumbrado público", Planted.agreementText,
                     "Se levantó el inventario.", "Recorrido nocturno", "Nuevo comité", "Integrantes actuales de",
                     "Integrantes anteriores de", "Se revisó el alumbrado."] {
            #expect(page.contains(HTML.escape(text)), "\(text)")
        }
        let catalogue = try pages(root)["catalogue.html"]!
        #expect(catalogue.contains("catalogue/jurisdiction-15104.html"))
        #expect(catalogue.contains("catalogue/theme-"))
    }

    @Test func thePlanShowsProgressInWordsAndNumbers() throws {
        let (root, _, _) = try site()
        let plan = try pages(root).first { $0.key.hasPrefix("plan/") && $0.value.contains("Diagnóstico publicado") }!.value
        #expect(plan.contains("1 de 2 hitos cumplidos (50 %)"))
        #expect(plan.contains("<a href=\"https://example.gob.mx/diagnostico\">"))
        #expect(plan.contains("Avance verificable."))
        #expect(plan.contains("espacios de cocreación"))
    }

    @Test func consultationResultsArePerQuestionAndSubmissionsArePagedByHundred() throws {
        let (root, _, world) = try site()
        let html = try pages(root)
        let page = html["consultation/\(world.consultationId).html"]!
        // One published answer "A pie"; the pending and rejected ones are not counted.
        #expect(page.contains("<tr><th scope=\"row\">A pie</th><td>1</td><td>100.0 %</td></tr>"))
        #expect(page.contains("<tr><th scope=\"row\">Automóvil</th><td>0</td><td>0.0 %</td></tr>"))
        let first = html["consultation/\(world.consultationId)/submissions-1.html"]!
        #expect(first.contains(HTML.escape(Planted.publishedText)))
        #expect(first.contains(HTML.escape(Planted.responseText)))
        // The demo consultations: every page but the last holds exactly 100.
        let demo = try world.db.publishedConsultations(.everything).filter { $0.published > 100 }
        #expect(!demo.isEmpty)
        for consultation in demo {
            let id = consultation.consultation.id!
            let count = (consultation.published + 99) / 100
            for n in 1...count {
                let text = html["consultation/\(id)/submissions-\(n).html"]!
                let folios = text.components(separatedBy: "<h2 id=\"").count - 1
                #expect(folios == (n < count ? 100 : consultation.published - 100 * (count - 1)))
            }
            #expect(html["consultation/\(id)/submissions-\(count + 1).html"] == nil)
            let index = html["consultation/\(id)/folios.html"]!
            #expect(index.components(separatedBy: "submissions-").count - 1 == count)
        }
    }

    /// Planted personal and internal data is searched for in every byte written
    /// (the ZIP's entries are stored, so its CSV text is searched too).
    @Test func nothingPersonalIsEverPublished() throws {
        let (root, _, _) = try site()
        let all = try files(under: root)
        for (path, bytes) in all {
            for secret in Planted.all {
                for form in Set([secret, HTML.escape(secret)]) {
                    #expect(bytes.range(of: Data(form.utf8)) == nil, "\(secret) found in \(path)")
                }
            }
        }
        // The search can find: the published text is there, in the pages and in the ZIP.
        let everything = all.values.reduce(Data(), +)
        #expect(everything.range(of: Data(Planted.publishedText.utf8)) != nil)
        #expect(all[OpenData.zipName]!.range(of: Data(Planted.publishedText.utf8)) != nil)
        #expect(everything.range(of: Data(Planted.memberName.utf8)) != nil)
    }

    @Test func anAnswerToACitizensMessageIsReadByItsFolio() throws {
        let (root, _, world) = try site()
        let all = try pages(root)
        for path in ["answers.html", "en/answers.html"] {
            let page = try #require(all[path])
            #expect(page.contains("<span id=\"\(world.messageFolio)\">\(Folio.display(world.messageFolio))</span>"))
            #expect(page.contains(HTML.escape(PublishWorld.messageAnswer)))
            #expect(!page.contains(HTML.escape(Planted.contactMessage)) && !page.contains(Planted.contactEmail))
        }
        #expect(all["index.html"]?.contains("href=\"answers.html\"") == true)
        #expect(all["en/answers.html"]?.contains("<h1>Answers to citizens") == true)
    }

    @Test func twoPublishesGiveIdenticalBytesAndARepublishChangesNothing() throws {
        let (root, _, world) = try site()
        let again = try temporaryDirectory()
        let report = try world.publish(to: again)
        let first = try files(under: root), second = try files(under: again)
        #expect(first.keys.sorted() == second.keys.sorted())
        for (path, bytes) in first { #expect(second[path] == bytes, "\(path) differs") }
        let republished = try world.publish(to: again)
        #expect(republished.changed == 0)
        #expect(republished.removed == 0)
        #expect(republished.files == report.files)
    }

    @Test func aFolderThatHoldsOtherFilesIsRefused() throws {
        let (_, _, world) = try site()
        let folder = try temporaryDirectory()
        try Data("mine".utf8).write(to: folder.appendingPathComponent("notes.txt"))
        let error = #expect(throws: CabildoError.self) { try world.publish(to: folder) }
        #expect(error?.kind == .validation)
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("notes.txt").path))
    }

    /// A contribution published once and rejected later disappears from the site on the next publish.
    @Test func aRepublishRemovesPagesNoLongerProduced() throws {
        let world = try PublishWorld(demo: 0)
        let root = try temporaryDirectory()
        _ = try world.publish(to: root)
        let page = root.appendingPathComponent("consultation/\(world.consultationId)/submissions-1.html")
        #expect(FileManager.default.fileExists(atPath: page.path))
        let admin = Actor.operator("tests")
        let only = try world.db.submissions(of: world.consultationId, moderation: .published).first!
        _ = try world.db.moderateSubmission(only.id, .reject(reason: "Contenido ajeno a la consulta."), by: admin)
        let report = try world.publish(to: root)
        #expect(!FileManager.default.fileExists(atPath: page.path))
        #expect(report.removed >= 2)   // in both languages
        let everything = try files(under: root).values.reduce(Data(), +)
        #expect(everything.range(of: Data(Planted.publishedText.utf8)) == nil)
    }

    @Test func aJurisdictionPublishesOnlyItsOwnRecords() throws {
        let (_, _, world) = try site()
        let root = try temporaryDirectory()
        _ = try world.publish(to: root, jurisdiction: "23", baseURL: "https://datos.example.gob.mx/cabildo")
        let html = try pages(root)
        #expect(!html.values.contains { $0.contains("Tlalnepantla") })
        #expect(html["about.html"]!.contains("Quintana Roo"))
        #expect(html["index.html"]!.contains("<link rel=\"canonical\" href=\"https://datos.example.gob.mx/cabildo/index.html\">"))
        #expect(html["en/index.html"]!.contains("href=\"https://datos.example.gob.mx/cabildo/en/index.html\""))
    }

    @Test func aBaseAddressThatIsNotAWebAddressIsRefused() throws {
        let (_, _, world) = try site()
        let error = #expect(throws: CabildoError.self) {
            try world.publish(to: try temporaryDirectory(), baseURL: "javascript:alert(1)")
        }
        #expect(error?.field == "base-url")
    }

    @Test func textFromTheDatabaseIsEscapedInOnePlace() {
        #expect(HTML.escape("<script>\"x\" & 'y'</script>") == "&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/script&gt;")
        #expect(HTML.escape("a\u{1B}[31mb") == "a\u{241B}[31mb")
        #expect(HTML.escape("línea\u{202E}invertida") == "línea&lt;U+202E&gt;invertida")
        #expect(HTML.escape("Participación ciudadana") == "Participación ciudadana")
    }
}
