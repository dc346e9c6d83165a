// swift-tools-version:6.1
// The engine's floor for Benchmarks/run.sh: WasmKit 0.4.2 running a GOOS=wasip1 module through its own WASI
// host, with the same engine configuration as `gowasm-serve run`. A separate package so the main build does not
// depend on WasmKitWASI; Benchmarks/run.sh builds it (scratch path .build-wasifloor at the repository root).
import PackageDescription

let package = Package(
    name: "WasiFloor",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(url: "https://github.com/swiftwasm/WasmKit", exact: "0.4.2")
    ],
    targets: [
        .executableTarget(
            name: "wasi-floor",
            dependencies: [
                .product(name: "WasmKit", package: "WasmKit"),
                .product(name: "WasmKitWASI", package: "WasmKit"),
            ])
    ]
)
