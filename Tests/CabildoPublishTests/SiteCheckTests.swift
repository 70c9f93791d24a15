import CabildoTestSupport
import CabildoCore
import CabildoText
import Foundation
import Testing
@testable import CabildoPublish

/// The site as its readers and re-users meet it: a validator, a browser,
/// every link followed, the ZIP opened and the Popolo file checked against
/// its schemas. `.ci/run` installs tidy, chromium, unzip and python3-jsonschema;
/// where one is missing locally the test records why and checks the rest.
@Suite struct SiteCheckTests {
    @Test func everyPageIsValidHTML() throws {
        let (root, _, _) = try site()
        let html = try pages(root)
        var checked = 0
        for path in html.keys.sorted() {
            guard let result = try run("tidy", ["-errors", "-q", "-utf8", root.appendingPathComponent(path).path]) else {
                Issue.record("tidy is not installed (apt-get install tidy); HTML not validated")
                return
            }
            // Status 2 means errors; the -errors report lists them (warnings are not errors).
            #expect(result.status < 2 && result.err.isEmpty, "\(path): \(result.err)")
            checked += 1
        }
        #expect(checked == html.count)
    }

    /// Every relative link and fragment resolves to a file (and an element) that exists.
    @Test func everyLinkResolvesToAFileThatExists() throws {
        let (root, _, _) = try site()
        let html = try pages(root)
        let all = try files(under: root)
        let href = try Regex(#"href="([^"]*)""#)
        var followed = 0
        for (path, page) in html {
            for match in page.matches(of: href) {
                let target = String(match.output[1].substring!).replacingOccurrences(of: "&amp;", with: "&")
                if target.hasPrefix("mailto:") || target.hasPrefix("https://") || target.hasPrefix("http://") { continue }
                let parts = target.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
                let file = parts[0].isEmpty ? path
                    : URL(fileURLWithPath: "/site/" + path).deletingLastPathComponent()
                        .appendingPathComponent(String(parts[0])).standardizedFileURL.path.replacingOccurrences(of: "/site/", with: "")
                #expect(all[file] != nil, "\(path) links to \(target), which does not exist")
                if parts.count == 2, let linked = html[file] {
                    #expect(linked.contains("id=\"\(parts[1])\""), "\(path) links to \(target): no such element")
                }
                followed += 1
            }
        }
        #expect(followed > 500)
    }

    @Test func headingsGoInOrderAndTablesHaveCaptionsAndHeaders() throws {
        let (root, _, _) = try site()
        let heading = try Regex(#"<h([1-6])[ >]"#)
        for (path, page) in try pages(root) {
            let levels = page.matches(of: heading).map { Int(String($0.output[1].substring!))! }
            #expect(levels.first == 1 && levels.filter { $0 == 1 }.count == 1, "\(path)")
            for (a, b) in zip(levels, levels.dropFirst()) { #expect(b <= a + 1, "\(path): h\(a) then h\(b)") }
            let tables = page.components(separatedBy: "<table>").count - 1
            #expect(page.components(separatedBy: "<caption>").count - 1 == tables, "\(path)")
            #expect(!page.contains("<th>"), "\(path): a header cell without scope")
        }
    }

    @Test func aBrowserRendersThePagesAtPhoneAndDesktopWidths() throws {
        let (root, _, world) = try site()
        let output = try temporaryDirectory()
        for (path, text) in [("index.html", "Catálogo de mecanismos de participación"),
                             ("en/mechanism/\(world.mechanismId).html", Planted.memberName),
                             ("consultation/\(world.consultationId)/submissions-1.html", Planted.publishedText)] {
            let url = root.appendingPathComponent(path).absoluteString
            guard let dom = try run("chromium", ["--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", url]) else {
                Issue.record("chromium is not installed (apt-get install chromium); pages not rendered")
                return
            }
            #expect(dom.out.contains(text), "\(path) as the browser read it lacks \(text)")
            for width in [360, 1280] {
                let png = output.appendingPathComponent("\(width)-\(path.replacingOccurrences(of: "/", with: "_")).png")
                _ = try run("chromium", ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                                         "--screenshot=\(png.path)", "--window-size=\(width),800", url])
                let bytes = (try? Data(contentsOf: png)) ?? Data()
                #expect(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]), "\(path) at \(width) px: no PNG")
                #expect(bytes.count > 5_000, "\(path) at \(width) px: \(bytes.count) bytes, nothing drawn")
            }
        }
    }

    @Test func theOpenDataZipHoldsEveryKindWithItsDictionaryAndLicence() throws {
        let (root, _, _) = try site()
        let script = """
            import csv, io, sys, zipfile
            z = zipfile.ZipFile(sys.argv[1])
            assert z.testzip() is None
            names = z.namelist()
            assert "README.txt" in names and "LICENCE.txt" in names, names
            readme = z.read("README.txt").decode("utf-8")
            assert "CC BY 4.0" in z.read("LICENCE.txt").decode("utf-8")
            for info in z.infolist():
                assert info.date_time == (1980, 1, 1, 0, 0, 0), info
                if not info.filename.endswith(".csv"): continue
                assert info.filename in readme, info.filename
                rows = list(csv.reader(io.StringIO(z.read(info.filename).decode("utf-8"), newline="")))
                for column in rows[0]:
                    assert ("  " + column + " (") in readme, (info.filename, column)
                assert all(len(r) == len(rows[0]) for r in rows), info.filename
                print(info.filename, len(rows) - 1)
            """
        guard let result = try run("python3", ["-c", script, root.appendingPathComponent(OpenData.zipName).path]) else {
            Issue.record("python3 is not installed; the ZIP was not opened")
            return
        }
        #expect(result.status == 0, "\(result.err)")
        for name in ["mechanisms.csv", "members.csv", "sessions.csv", "agreements.csv", "commitments.csv",
                     "milestones.csv", "progress_reports.csv", "assessments.csv", "consultations.csv", "results.csv",
                     "submissions.csv", "jurisdictions.csv", "activities.csv", "news.csv"] {
            #expect(result.out.contains(name + " "), "\(name) missing")
        }
        #expect(!result.out.contains("submissions.csv 0\n"))
    }

    @Test func popoloFilesValidateAgainstTheSchemas() throws {
        let (root, _, _) = try site()
        let script = """
            import json, os, sys
            import jsonschema
            folder = sys.argv[2]
            store = {}
            for name in os.listdir(folder):
                if name.endswith(".json"):
                    schema = json.load(open(os.path.join(folder, name)))
                    store[schema["id"]] = schema
                    store[schema["id"].rstrip("#")] = schema
            resolver = jsonschema.RefResolver("http://www.popoloproject.com/schemas/", None, store=store)
            data = json.load(open(sys.argv[1]))
            kinds = {"organizations": "organization", "persons": "person", "memberships": "membership",
                     "posts": "post", "events": "event", "motions": "motion"}
            for key, kind in kinds.items():
                schema = store["http://www.popoloproject.com/schemas/%s.json#" % kind]
                validator = jsonschema.Draft3Validator(schema, resolver=resolver,
                                                       format_checker=jsonschema.Draft3Validator.FORMAT_CHECKER)
                for item in data[key]:
                    validator.validate(item)
                print(key, len(data[key]))
            people = {p["id"] for p in data["persons"]}
            members = {m["person_id"] for m in data["memberships"] if m.get("person_id")}
            assert people == members, (people, members)
            """
        guard let result = try run("python3", ["-W", "ignore", "-c", script,
                                               root.appendingPathComponent(Popolo.fileName).path,
                                               fixtures.appendingPathComponent("popolo-schemas").path]) else {
            Issue.record("python3 is not installed; Popolo not validated")
            return
        }
        if result.err.contains("No module named 'jsonschema'") {
            Issue.record("the jsonschema Python package is not installed (pip install jsonschema); Popolo not validated")
            return
        }
        #expect(result.status == 0, "\(result.err)")
        for kind in ["organizations", "persons", "memberships", "posts", "events", "motions"] {
            #expect(result.out.contains(kind + " "), "\(kind)")
            #expect(!result.out.contains(kind + " 0\n"), "no \(kind) published")
        }
    }
}
