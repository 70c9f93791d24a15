import Foundation

/// Where Cabildo's files (`Data/`, `Themes/`) are: `$CABILDO_RESOURCES`, an
/// installed `share/cabildo` beside the binary, or the source tree it was built from.
public enum Resources {
    public static func root(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        var candidates: [URL] = []
        if let explicit = environment["CABILDO_RESOURCES"], !explicit.isEmpty {
            candidates.append(URL(fileURLWithPath: explicit))
        }
        // The program's real path (found through $PATH, argv[0] is only "cabildo"),
        // links resolved: /usr/local/bin/cabildo → /usr/local/share/cabildo.
        let executable = (Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments.first ?? ""))
            .resolvingSymlinksInPath()
        candidates.append(executable.deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("share/cabildo"))
        // Sources/CabildoText/Resources.swift → the package root.
        candidates.append(URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent())
        for candidate in candidates
        where FileManager.default.fileExists(atPath: candidate.appendingPathComponent("Data").path) {
            return candidate
        }
        return candidates.last!
    }

    public static var data: URL { root().appendingPathComponent("Data") }
    public static var locales: URL { data.appendingPathComponent("locales") }
    public static var themes: URL { root().appendingPathComponent("Themes") }
}
