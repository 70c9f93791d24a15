// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "Cabildo",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "cabildo", targets: ["cabildo"]),
        .executable(name: "cabildo-bench", targets: ["cabildo-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // System libraries (Debian: libncursesw5-dev, libsodium-dev).
        .systemLibrary(name: "CNcursesw", providers: [.apt(["libncursesw5-dev"])]),
        .systemLibrary(name: "CSodium", providers: [.apt(["libsodium-dev"])]),

        // Unicode text rules and gettext catalogues: the one place text is
        // classified, sanitised and translated; used by Core and TerminalKit alike.
        .target(name: "CabildoText"),
        // Domain, storage and rules. Knows no terminal.
        .target(
            name: "CabildoCore",
            dependencies: [
                "CabildoText", "CSodium",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]),
        // Domain-free terminal toolkit.
        .target(name: "TerminalKit", dependencies: ["CabildoText", "CNcursesw"]),
        // The application layer every front end shares: typed commands and
        // contexts, panes, form declarations and flows. Knows no terminal.
        .target(name: "CabildoApp", dependencies: ["CabildoCore", "CabildoText"]),
        // The terminal front ends: render CabildoApp's panes, forms and flows with TerminalKit.
        .target(name: "CabildoUI", dependencies: ["CabildoApp", "CabildoCore", "TerminalKit", "CabildoPublish"]),

        // zlib's CRC-32, for the open-data ZIP (Debian: zlib1g-dev).
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
        // `cabildo publish`: the public website and open data, from Core's read models. No terminal.
        .target(name: "CabildoPublish", dependencies: ["CabildoCore", "CabildoText", "CZlib"]),
        // Parses arguments and starts things.
        .executableTarget(
            name: "cabildo",
            dependencies: [
                "CabildoUI", "CabildoCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),

        // Measurements and load: submissions written as fast as they go (for
        // the crash and crowd tests), and, next, the benchmark table.
        .executableTarget(
            name: "cabildo-bench",
            dependencies: ["CabildoCore", "CabildoPublish", "TerminalKit",
                           .product(name: "ArgumentParser", package: "swift-argument-parser")]),

        // What the test suites share: the seeded in-memory world, fixtures and
        // accounts, raw storage for planting what no intent writes, and the
        // binary run as a person would (directly, or in tmux).
        .target(
            name: "CabildoTestSupport",
            dependencies: ["CabildoCore", "CabildoText", "TerminalKit", .product(name: "GRDB", package: "GRDB.swift")],
            path: "Tests/CabildoTestSupport"),

        .testTarget(name: "CabildoTextTests", dependencies: ["CabildoText"]),
        .testTarget(name: "CabildoCoreTests", dependencies: ["CabildoCore", "CabildoText", "CabildoTestSupport",
                                                           .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "CabildoAppTests", dependencies: ["CabildoApp", "CabildoCore", "CabildoText", "CabildoTestSupport"]),
        .testTarget(name: "CabildoPublishTests", dependencies: ["CabildoPublish", "CabildoCore", "CabildoText",
                                                              "CabildoTestSupport"]),
        .testTarget(name: "TerminalKitTests", dependencies: ["TerminalKit", "CNcursesw", "CabildoText", "CabildoTestSupport"]),
        .testTarget(name: "CabildoUITests", dependencies: ["CabildoUI", "CabildoApp", "CabildoCore", "TerminalKit",
                                                      "CabildoTestSupport",
                                                      .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "CabildoCommandTests", dependencies: [
            "cabildo", "cabildo-bench", "CabildoCore", "CabildoText", "CabildoTestSupport", .product(name: "GRDB", package: "GRDB.swift"),
        ]),
    ]
)
