import CabildoTestSupport
import Foundation
import Testing

extension EndToEnd { @Suite struct PublishCommandTests {
    /// `cabildo publish` on the seed data and a demo consultation: it says what it wrote, in the user's
    /// language, and a second publish of the same records rewrites nothing.
    @Test func publishWritesTheSiteAndSaysWhatItWrote() throws {
        let cli = try CLI()
        try cli.run(["user", "add", "admin", "--role", "administrator", "--password-stdin"], stdin: "clave-de-admin-1\n")
        #expect(try cli.run(["demo-data", "--submissions", "400"]).status == 0)
        let site = cli.directory.appendingPathComponent("sitio").path
        let first = try cli.run(["publish", site], lang: "es_MX.UTF-8")
        #expect(first.status == 0, "\(first.err)")
        #expect(first.out.hasPrefix("Publicado en \(site): "))
        for file in ["index.html", "en/index.html", "style.css", "open-data.zip", "popolo.json", "about.html",
                     "consultations.html", "catalogue.html", "plans.html"] {
            #expect(FileManager.default.fileExists(atPath: site + "/" + file), "\(file)")
        }
        let pages = try FileManager.default.subpathsOfDirectory(atPath: site).filter { $0.hasSuffix(".html") }.count
        #expect(first.out.contains(" \(pages) páginas"))
        let again = try cli.run(["publish", site])
        #expect(again.status == 0)
        #expect(again.out.contains("(0 files changed, 0 removed)"))
    }

    @Test func aWrongJurisdictionOrFolderIsRefusedWithStatusThree() throws {
        let cli = try CLI()
        try cli.run(["user", "add", "admin", "--role", "administrator", "--password-stdin"], stdin: "clave-de-admin-1\n")
        let unknown = try cli.run(["publish", cli.directory.appendingPathComponent("a").path, "--jurisdiction", "99"])
        #expect(unknown.status == 3)
        #expect(unknown.err.contains("99"))
        // The folder holding the database is not a site: nothing in it is touched.
        let busy = try cli.run(["publish", cli.directory.path])
        #expect(busy.status == 3)
        #expect(busy.err.hasPrefix("Error: "))
        #expect(FileManager.default.fileExists(atPath: cli.database))
        #expect(try cli.run(["publish", cli.directory.appendingPathComponent("b").path, "--base-url", "ftp://x"]).status == 3)
    }
} }
