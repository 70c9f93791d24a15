import CabildoCore
import CabildoText
import Foundation

/// `cabildo publish`: the public website (Spanish at the root, English
/// under `en/`) and the open data, written from the Core read models of
/// `Publication`. The same records give the same bytes; a file whose bytes
/// did not change is not rewritten, so rsync copies only what changed.
public struct Site {
    /// Published submissions to a page.
    public static let pageSize = 100
    /// Marks a folder as a Cabildo site, so a re-publish may remove pages
    /// that are no longer produced (a submission un-published since) and a
    /// publish never empties a folder that holds something else.
    static let marker = ".cabildo-site"

    public struct Report: Sendable, Equatable {
        public var pages = 0
        public var files = 0
        public var bytes = 0
        /// Files whose bytes changed since the last publish (new ones included).
        public var changed = 0
        public var removed = 0
    }

    let database: AppDatabase
    let scope: Publication.Scope
    let scopeName: String?
    let baseURL: String?
    let localizers: [Localizer]

    /// `localizers`: Spanish first (the site's root), then English (`en/`).
    public init(database: AppDatabase, jurisdiction: String?, baseURL: String?, localizers: [Localizer]) throws {
        self.database = database
        scope = try database.publicationScope(inegiCode: jurisdiction)
        scopeName = try jurisdiction.flatMap { try database.jurisdiction(inegiCode: $0)?.name }
        if let baseURL {
            guard Pages.isWebAddress(baseURL), !baseURL.contains(where: { "\"<>'".contains($0) }) else {
                throw CabildoError(.validation, Message("The base address must start with https:// or http:// and have no spaces or quotes."),
                                   field: "base-url")
            }
            self.baseURL = baseURL.hasSuffix("/") ? baseURL : baseURL + "/"
        } else {
            self.baseURL = nil
        }
        self.localizers = localizers
    }

    /// Loads the Spanish and English catalogues the site is written in.
    public static func languages(localesDirectory: URL = Resources.locales) throws -> [Localizer] {
        try ["es", "en"].map { try Localizer.load(language: $0, localesDirectory: localesDirectory) }
    }

    public func publish(to directory: String) throws -> Report {
        let output = try Output(directory)
        let publishedOn = try database.publicationDay()
        let jurisdictions = try database.publishedJurisdictions(scope)
        let mechanisms = try database.publishedMechanisms(scope)
        let plans = try database.publishedPlans(scope)
        let consultations = try database.publishedConsultations(scope)
        let answers = try database.publishedMessageAnswers(scope)
        let pages = localizers.enumerated().map { i, l in
            Pages(localizer: l, folder: i == 0 ? "" : "\(l.language)/", publishedOn: publishedOn, baseURL: baseURL)
        }
        var data = OpenData()
        data.add(jurisdictions)
        mechanisms.forEach { data.add($0) }
        plans.forEach { data.add($0) }
        consultations.forEach { data.add($0) }

        func page(_ language: Pages, _ path: String, _ html: String) throws {
            try output.write(language.folder + path, Array(html.utf8), isPage: true)
        }
        try output.write("style.css", Array(HTML.stylesheet.utf8))
        for language in pages {
            try page(language, "index.html", language.index(mechanisms: mechanisms.count, plans: plans.count,
                                                            consultations: consultations.count))
            try page(language, "catalogue.html", language.catalogue(mechanisms))
            for code in Set(mechanisms.map(\.jurisdictionCode)).sorted() {
                let those = mechanisms.filter { $0.jurisdictionCode == code }
                try page(language, Pages.jurisdictionPath(code), language.filtered(
                    Pages.jurisdictionPath(code),
                    title: language.l.tr("Mechanisms of {place}", ["place": .text(those[0].jurisdictionName)]), those))
            }
            for theme in Theme.allCases {
                let those = mechanisms.filter { $0.theme == theme }
                guard !those.isEmpty else { continue }
                try page(language, Pages.themePath(theme), language.filtered(
                    Pages.themePath(theme),
                    title: language.l.tr("Mechanisms on {theme}", ["theme": .message(theme.label)]), those))
            }
            for mechanism in mechanisms { try page(language, language.mechanismPath(mechanism), language.mechanism(mechanism)) }
            try page(language, "plans.html", language.plans(plans))
            for plan in plans { try page(language, language.planPath(plan), language.plan(plan)) }
            try page(language, "consultations.html", language.consultations(consultations))
            try page(language, Pages.answersPath, language.answers(answers))
        }

        // Each consultation's published submissions are read once, in folio
        // order, and written a page at a time in every language (and into the open data).
        for consultation in consultations {
            let id = consultation.consultation.id!
            let pageCount = (consultation.published + Self.pageSize - 1) / Self.pageSize
            var ranges: [Pages.PageRange] = []
            var batch: [Publication.Submission] = []
            func flush() throws {
                guard !batch.isEmpty else { return }
                ranges.append((batch.first!.folio, batch.last!.folio))
                for language in pages {
                    try page(language, Pages.submissionsPath(id, page: ranges.count),
                             language.submissionsPage(consultation, page: ranges.count, of: max(pageCount, ranges.count), batch))
                }
                batch.removeAll(keepingCapacity: true)
            }
            try database.forEachPublishedSubmission(of: id) { submission in
                data.add(submission, consultationId: id)
                batch.append(submission)
                if batch.count == Self.pageSize { try flush() }
            }
            try flush()
            for language in pages {
                try page(language, Pages.consultationPath(id), language.consultation(consultation, plans: plans, pages: ranges))
                if !ranges.isEmpty { try page(language, Pages.foliosPath(id), language.folios(consultation, pages: ranges)) }
            }
        }

        let zip = try data.archive(localizers, publishedOn: publishedOn)
        try output.write(OpenData.zipName, zip)
        let popolo = try Popolo.json(mechanisms)
        try output.write(Popolo.fileName, popolo)
        let files = [(OpenData.zipName, zip.count), (Popolo.fileName, popolo.count)]
        for language in pages {
            try page(language, "about.html", language.about(scope: scopeName, files: files))
        }
        return try output.finish()
    }
}

/// The folder being published into: files written whole (a temporary file
/// renamed into place) and only when their bytes changed; at the end, files
/// a previous publish left and this one did not write are removed.
final class Output {
    let root: URL
    private var written: Set<String> = []
    private var report = Site.Report()

    init(_ directory: String) throws {
        root = URL(fileURLWithPath: directory, isDirectory: true).standardizedFileURL
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: root.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw CabildoError(.validation, Message("{path} is a file; give a folder to publish into.",
                                                        ["path": .text(directory)]), field: "directory")
            }
            let entries = try manager.contentsOfDirectory(atPath: root.path)
            guard entries.isEmpty || entries.contains(Site.marker) else {
                throw CabildoError(.validation, Message("{path} holds files that Cabildo did not publish; give an empty or new folder, or one Cabildo published before.",
                                                        ["path": .text(directory)]), field: "directory")
            }
        }
        do {
            try manager.createDirectory(at: root, withIntermediateDirectories: true)
            let marker = root.appendingPathComponent(Site.marker)
            if !manager.fileExists(atPath: marker.path) {
                try Data("Published by Cabildo (cabildo publish); files here not published again are removed.\n".utf8)
                    .write(to: marker)
            }
            written.insert(Site.marker)
        } catch let error as CabildoError {
            throw error
        } catch {
            throw CabildoError.file(error, path: directory)
        }
    }

    func write(_ path: String, _ bytes: [UInt8], isPage: Bool = false) throws {
        let url = root.appendingPathComponent(path)
        written.insert(path)
        report.files += 1
        report.bytes += bytes.count
        if isPage { report.pages += 1 }
        let data = Data(bytes)
        if let existing = FileManager.default.contents(atPath: url.path), existing == data { return }
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            // Whole or not at all: a temporary file beside it, renamed into place. No fsync per
            // file: a site cut short by a crash is published again, not recovered.
            let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).part")
            guard FileManager.default.createFile(atPath: temporary.path, contents: data),
                  rename(temporary.path, url.path) == 0 else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
            }
        } catch let error as CabildoError {
            throw error
        } catch {
            throw CabildoError.file(error, path: url.path)
        }
        report.changed += 1
    }

    /// Removes what an earlier publish wrote and this one did not, then empty folders.
    func finish() throws -> Site.Report {
        let manager = FileManager.default
        var folders: [URL] = []
        if let walk = manager.enumerator(at: root, includingPropertiesForKeys: [.isDirectoryKey]) {
            for case let url as URL in walk {
                let relative = String(url.standardizedFileURL.path.dropFirst(root.path.count + 1))
                if (try? url.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) == true {
                    folders.append(url)
                } else if !written.contains(relative) {
                    try? manager.removeItem(at: url)
                    report.removed += 1
                }
            }
        }
        for folder in folders.reversed() where (try? manager.contentsOfDirectory(atPath: folder.path).isEmpty) == true {
            try? manager.removeItem(at: folder)
        }
        return report
    }
}
