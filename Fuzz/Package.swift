// swift-tools-version:6.1
// libFuzzer targets for the inputs gowasm-serve takes from outside besides requests (issue 18): a backend's
// response head, the dev page's reports, Range/Accept-Encoding/If-* headers, gowasm.toml, wasm binaries and
// wasm_exec.js. A separate package so the main build carries no sanitizer; Fuzz/run.sh builds it with
// `-sanitize=fuzzer,address` into .build-fuzz at the repository root (see docs/fuzzing.md).
import PackageDescription

let fuzzers = ["proxy-response", "report", "request-headers", "config", "wasm", "glue-abi"]

let package = Package(
    name: "Fuzz",
    // The main package through a link named after it: a path dependency is known by its directory's name,
    // which for ".." would be that of the checkout (and collide with this package's when the checkout is fuzz/).
    dependencies: [.package(path: "gowasm-serve")],
    targets: [.target(name: "FuzzSupport")]
        + fuzzers.map { name in
            .executableTarget(
                name: "fuzz-\(name)",
                dependencies: ["FuzzSupport", .product(name: "GowasmFuzzSurface", package: "gowasm-serve")],
                // gold fails on libFuzzer's objects next to Swift's entry point; lld links them.
                linkerSettings: [.unsafeFlags(["-use-ld=lld"])])
        }
)
