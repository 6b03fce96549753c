// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "ecomdash",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "ecomdash", targets: ["ecomdash"]),
        .library(name: "Engine", targets: ["Engine"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", exact: "3.12.3"),
    ],
    targets: [
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        .systemLibrary(name: "CIsal", path: "Sources/CIsal"),
        .systemLibrary(name: "CSupport", path: "Sources/CSupport"),
        .systemLibrary(name: "CSnappy", path: "Sources/CSnappy"),
        .systemLibrary(name: "CZstd", path: "Sources/CZstd"),
        .target(name: "Engine", dependencies: ["CZlib", "CIsal", "CSupport", "CSnappy", "CZstd"]),
        .target(name: "Report", dependencies: ["Engine"]),
        .target(name: "AWS", dependencies: ["Engine", .product(name: "Crypto", package: "swift-crypto")]),
        .systemLibrary(name: "CNCursesw", path: "Sources/CNCursesw"),
        .target(name: "Dashboard", dependencies: ["Engine", "Report", "CNCursesw", "CSupport"]),
        .executableTarget(
            name: "ecomdash",
            dependencies: [
                "Engine", "Report", "Dashboard", "CSupport", "AWS",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "EngineTests", dependencies: ["Engine", "CZlib", "CIsal", "CSupport"]),
        .testTarget(name: "ReportTests", dependencies: ["Report", "Engine"], exclude: ["Fixtures"]),
        .testTarget(
            name: "DashboardTests", dependencies: ["Dashboard", "Engine", "Report"], exclude: ["__Snapshots__"]),
        .testTarget(name: "EcomdashCLITests", dependencies: ["Engine"]),
        .testTarget(name: "AWSTests", dependencies: ["AWS"]),
    ]
)
