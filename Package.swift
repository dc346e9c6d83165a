// swift-tools-version:6.1
// gowasm-serve: serve, build, run, pre-render and inspect Go (GOOS=js GOARCH=wasm) apps.
//
// One module per concern; dependencies point one way (see docs/design.md):
//   HTTPServer      sockets + Dispatch, HTTP/1.1 framing. Knows nothing of files or wasm.
//   Compression     brotli + gzip over the Debian C libraries.
//   DistLayout      the dist's rules, one definition each: paths, the walk below the root, MIME, caching, dates.
//   SiteServing     a dist folder as an HTTPServer handler (negotiation, variants, ranges, validators).
//   PrerenderCache  serve --prerender's renderings per route, the render queue and rate, their bounds.
//   DevServing      `dev`'s endpoints in front of the site: live reload, the diagnosis layer's channel, build pages.
//   DevProxy        `--proxy PREFIX=URL`: requests under a prefix forwarded to a backend, streamed both ways.
//   WasmInspection  wasm sections, imports, Go build info, glue ABI and skew. No execution.
//   AssetPipeline   `build`: Go toolchain, glue, hashing, SRI, templates, precompression.
//   JavaScript      JavaScriptCore's C API behind Swift types (contexts, values, host classes, typed arrays).
//   WasmEngines     the `WebAssembly` JS API on WasmKit (interpreter) or JavaScriptCore's own (jit).
//   WebHost         the web platform both surfaces share: event loop, console, timers, encoders, URL, crypto.
//   GlueHost        `run`: the toolchain's wasm_exec.js with node's surface (fs, process, require).
//   Diagnostics     `run --diagnose`: js.Func leaks, frozen loops, memory, boundary cost, with Go locations.
//   HeadlessDOM     a mutable DOM parsed by gumbo, exposed to JavaScriptCore as host classes.
//   Prerender       a page loaded as a browser loads it (its scripts, events, fetch from the dist), then serialized.
//   PageRendering   the seam between serving and rendering: PageRoute, PageRenderer (with its typed Failure).
//   RenderProcess   renders in bounded, sandboxed child processes with typed outcomes (serve --prerender).
//   RenderChildSide what such a child does: sandbox itself, render, report on fd 3.
//   RenderWire      what the two share: the sandbox's argument, the report and its problems.
//   DeployCheck     `check`: a deployed site's MIME, encoding, caching and SRI, fetched with libcurl.
//   DeployExport    `export`: nginx, Caddy, _headers and S3 configurations that serve a dist as `check` wants.
//   TLS             OpenSSL behind Swift types: sessions (HTTPServer's TLS transport), development certificates.
//   ProjectConfig   gowasm.toml: flags of serve, dev, build and export kept with the project (TOMLKit).
import PackageDescription

// Linux: the executable carries the Swift runtime and Foundation statically (the static archives ship with the
// toolchain). Every `run` and `prerender` is a fresh process, and resolving ~70 shared libraries' symbols was
// a tenth of a pre-render's CPU: static, hello world starts ~20 ms sooner with 6 MiB less RSS (2026-11-30).
// Only this target links so, as a linker-only flag, so the test builds reuse the same compiled modules.
// The archives depend on each other in a cycle, hence the group. FoundationXML (DOMParser's XML documents)
// links the system's libxml2.
let staticSwiftRuntime: [LinkerSetting] = [
    .unsafeFlags(
        [
            "-static-stdlib", "-Xlinker", "--start-group",
            "-lFoundation", "-lFoundationXML", "-l_CFXMLInterface", "-lFoundationEssentials",
            "-lFoundationInternationalization", "-lCoreFoundation",
            "-l_FoundationICU", "-l_FoundationCollections", "-l_FoundationCShims",
            "-lswiftDispatch", "-ldispatch", "-lBlocksRuntime", "-lswiftSynchronization", "-lswiftCore",
            "-Xlinker", "--end-group", "-lxml2", "-lstdc++",
        ], .when(platforms: [.linux]))
]

// Linux only: epoll, prctl, /proc, inotify and renameat2 are used without alternatives. Where the OS shows
// (the seams a macOS port would replace) is listed in docs/design.md under "Platform".
let package = Package(
    name: "gowasm-serve",
    products: [
        .executable(name: "gowasm-serve", targets: ["gowasm-serve"]),
        // The modules Fuzz/ (a side package) drives with libFuzzer; nothing else uses this product.
        .library(
            name: "GowasmFuzzSurface",
            targets: [
                "DistLayout", "HTTPServer", "Compression", "SiteServing", "DevServing", "DevProxy", "WasmInspection",
                "Diagnostics", "ProjectConfig",
            ]),
    ],
    dependencies: [
        .package(url: "https://github.com/swiftwasm/WasmKit", exact: "0.4.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
    ],
    targets: [
        // C libraries from Debian (zlib1g-dev, libbrotli-dev, libgumbo-dev), each hidden behind one Swift type.
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CBrotli", providers: [.apt(["libbrotli-dev"])]),
        .systemLibrary(name: "CGumbo", providers: [.apt(["libgumbo-dev"])]),
        // `check`'s HTTP client: raw bytes, HTTP/2 over TLS, the system CA store (libcurl4-openssl-dev).
        // Headers only: the library is loaded on first use (see its shim), so no pkg-config `-lcurl`.
        .systemLibrary(name: "CCurl", providers: [.apt(["libcurl4-openssl-dev"])]),

        .target(name: "Compression", dependencies: ["CZlib", "CBrotli"]),
        // <sys/epoll.h> (libc, nothing to link), which Swift's Glibc module does not include.
        .systemLibrary(name: "CEpoll"),
        // renameat2(RENAME_EXCHANGE) for the dist swap (libc, nothing to link), hidden by Swift's Glibc module.
        .systemLibrary(name: "CLinux"),
        // Conversions of outside numbers that never trap, and the one sanitizer for text bound for a terminal.
        .target(name: "InputSafety"),
        // The dist's rules, one definition each: request paths, the strict walk below the root, MIME types,
        // cache policy and hashed names, content hashes, HTTP dates. A leaf: serving, pre-rendering, export and
        // check all use it, and HTTPServer only for `OpenedFile` (what it sends from) and the `Date` format.
        .target(name: "DistLayout", dependencies: ["InputSafety"]),
        .target(name: "HTTPServer", dependencies: ["CEpoll", "InputSafety", "DistLayout"]),
        // `serve --tls` (libssl-dev): HTTPServer's TLS transport on its event loops, certificates made in memory.
        .systemLibrary(name: "COpenSSL", pkgConfig: "openssl", providers: [.apt(["libssl-dev"])]),
        .target(name: "TLS", dependencies: ["COpenSSL", "HTTPServer"]),
        // SHA-2 for hashed names and SRI, from the same libcrypto.
        .target(name: "Hashing", dependencies: ["COpenSSL"]),
        // serve --prerender's renderings per route: fingerprints, render slots and queue, the rate, the bounds.
        // Below SiteServing, which serves what it keeps; no HTTP, no compression.
        .target(name: "PrerenderCache", dependencies: ["PageRendering", "DistLayout"]),
        .target(
            name: "SiteServing",
            dependencies: [
                "DistLayout", "HTTPServer", "Compression", "InputSafety", "PageRendering", "PrerenderCache",
            ],
            // Public/ (linked here) is compiled into the binary, so a release build runs from anywhere.
            resources: [.embedInCode("Public/live-reload.js"), .embedInCode("Public/error.css")]
        ),
        .target(name: "DevProxy", dependencies: ["HTTPServer", "InputSafety"]),
        // WasmInspection also imports WasmTypes, the types WasmParser's API speaks in: WasmKit ships it as no
        // product of its own, only with WasmParser.
        .target(
            name: "WasmInspection", dependencies: ["Compression", .product(name: "WasmParser", package: "WasmKit")]),
        .target(
            name: "AssetPipeline",
            dependencies: [
                "Compression", "WasmInspection", "CLinux",
                "Hashing",
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            // Templates/ (linked here) is compiled into the binary, so a release build runs from anywhere.
            resources: [
                .embedInCode("Templates/index.html.mustache"), .embedInCode("Templates/loader.js.mustache"),
                .embedInCode("Templates/styles.css.mustache"),
            ]
        ),
        // node's fs/process primitives on POSIX (run's node surface).
        .target(name: "NodeSystem", dependencies: ["InputSafety"]),
        // JavaScriptCore (libjavascriptcoregtk-4.1-dev) and GLib, whose main context JSC's async work runs on.
        .systemLibrary(
            name: "CJavaScriptCore", pkgConfig: "javascriptcoregtk-4.1",
            providers: [.apt(["libjavascriptcoregtk-4.1-dev"])]),
        .target(name: "JavaScript", dependencies: ["CJavaScriptCore"]),
        .target(
            name: "WasmEngines",
            dependencies: [
                "JavaScript", "WebHost", .product(name: "WasmKit", package: "WasmKit"),
                .product(name: "WasmParser", package: "WasmKit"),
            ]),
        // The web platform both surfaces share: event loop (real or virtual clock), console, timers,
        // encoders, URL, crypto, performance, structuredClone, WHATWG Streams (loaded on first use).
        .target(
            name: "WebHost", dependencies: ["JavaScript", "InputSafety"],
            resources: [.embedInCode("JS/web.js"), .embedInCode("JS/url.js"), .embedInCode("JS/streams.js")]),
        .target(
            name: "GlueHost",
            dependencies: [
                "JavaScript", "WasmEngines", "WebHost", "NodeSystem", "WasmInspection", "CLinux", "InputSafety",
                "Prerender", .product(name: "WasmParser", package: "WasmKit"),
            ],
            resources: [
                .embedInCode("JS/node.js"), .embedInCode("JS/node-entry.js"), .embedInCode("JS/browser-entry.js"),
            ]),
        // Diagnosis of a Go wasm app as its runtime sees it: a JS layer over the glue's import object, Go
        // stacks read through the pclntab, findings. Used by `run`/`prerender --diagnose` and `dev`'s pages.
        .target(
            name: "Diagnostics", dependencies: ["JavaScript", "WasmInspection", "InputSafety"],
            resources: [.embedInCode("JS/diagnose.js"), .embedInCode("JS/page.js")]),
        .target(
            name: "HeadlessDOM", dependencies: ["CGumbo", "JavaScript", "InputSafety"],
            resources: [
                .embedInCode("JS/dom.js"), .embedInCode("JS/layout.js"), .embedInCode("JS/elements.js"),
                .embedInCode("JS/traversal.js"), .embedInCode("JS/messaging.js"),
                .embedInCode("JS/customelements.js"),
            ]),
        .target(
            name: "Prerender",
            dependencies: ["JavaScript", "WasmEngines", "WebHost", "HeadlessDOM", "DistLayout", "InputSafety"],
            resources: [
                .embedInCode("JS/browser.js"), .embedInCode("JS/fetch.js"), .embedInCode("JS/network.js"),
                .embedInCode("JS/workers.js"), .embedInCode("JS/worker.js"),
            ]),
        // prctl(2) (variadic, so not callable from Swift) for the render child's parent-death signal.
        .systemLibrary(name: "CProcessControl"),
        // serve --prerender renders in child processes. The two sides share only the wire between them:
        // RenderWire (the sandbox named on the child's command line, the report it writes on fd 3), so the
        // parent (RenderProcess) and the child (RenderChildSide) import it and never each other.
        .target(name: "RenderWire", dependencies: ["Prerender", "InputSafety"]),
        // The parent: bounded children (deadline, resident memory, output), typed outcomes.
        .target(
            name: "RenderProcess", dependencies: ["RenderWire", "PageRendering", "WasmEngines", "InputSafety"]),
        // The child (`prerender --render-child`): sandbox itself, render, report.
        .target(name: "RenderChildSide", dependencies: ["RenderWire", "Prerender", "CProcessControl"]),
        .target(
            name: "DeployCheck",
            dependencies: [
                "CCurl", "Compression", "DistLayout", "WasmInspection", "Hashing", "InputSafety",
            ]
        ),
        // What serve --prerender asks of a renderer, and what a renderer implements: PrerenderCache on one side,
        // RenderProcess on the other, neither importing the other.
        .target(name: "PageRendering"),
        // dev's endpoints as a handler in front of the site (as DevProxy's is), and the page rewrite they need;
        // PrerenderCache for its TokenBucket (the page reports' rate).
        .target(name: "DevServing", dependencies: ["HTTPServer", "SiteServing", "InputSafety", "PrerenderCache"]),
        // dev's build loop: one build at a time, the reload, the size line.
        .target(
            name: "DevLoop",
            dependencies: ["AssetPipeline", "SiteServing", "DevServing", "WasmInspection", "InputSafety"]
        ),
        .target(name: "DeployExport", dependencies: ["DistLayout"]),
        .target(name: "ProjectConfig", dependencies: [.product(name: "TOMLKit", package: "TOMLKit")]),
        .executableTarget(
            name: "gowasm-serve",
            dependencies: [
                "DistLayout", "HTTPServer", "SiteServing", "PrerenderCache", "DevServing", "DevProxy", "AssetPipeline",
                "DevLoop",
                "WasmInspection",
                "GlueHost",
                "Diagnostics",
                "Prerender", "PageRendering", "RenderProcess", "RenderChildSide", "DeployCheck",
                "DeployExport",
                "ProjectConfig", "TLS",
                "InputSafety",
                "WasmEngines",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            linkerSettings: staticSwiftRuntime
        ),

        // Shared helpers for tests: locating the built executable, the Go toolchains, fixtures, free ports.
        .target(name: "TestSupport", dependencies: ["TLS", "HTTPServer"], path: "Tests/TestSupport"),
        .testTarget(name: "CompressionTests", dependencies: ["Compression", "TestSupport"]),
        .testTarget(name: "HTTPServerTests", dependencies: ["HTTPServer", "TestSupport"]),
        .testTarget(name: "TLSTests", dependencies: ["TLS", "TestSupport"]),
        .testTarget(name: "HashingTests", dependencies: ["Hashing"]),
        .testTarget(name: "InputSafetyTests", dependencies: ["InputSafety"]),
        .testTarget(name: "DistLayoutTests", dependencies: ["DistLayout"]),
        .testTarget(
            name: "SiteServingTests",
            dependencies: [
                "SiteServing", "PageRendering", "PrerenderCache", "DistLayout", "HTTPServer", "Compression", "TLS",
                "TestSupport",
            ]),
        .testTarget(name: "PrerenderCacheTests", dependencies: ["PrerenderCache", "PageRendering", "DistLayout"]),
        .testTarget(
            name: "DevServingTests",
            dependencies: ["DevServing", "SiteServing", "HTTPServer", "Compression", "TestSupport"]),
        .testTarget(name: "WasmInspectionTests", dependencies: ["WasmInspection", "TestSupport"]),
        .testTarget(
            name: "AssetPipelineTests",
            dependencies: [
                "AssetPipeline", "Compression", "Hashing", "TestSupport",
            ]
        ),
        .testTarget(name: "JavaScriptTests", dependencies: ["JavaScript", "CJavaScriptCore"]),
        .testTarget(name: "GlueHostTests", dependencies: ["TestSupport"]),
        .testTarget(name: "WasmEnginesTests", dependencies: ["WasmEngines", "JavaScript"]),
        .testTarget(name: "WebHostTests", dependencies: ["WebHost", "JavaScript"]),
        .testTarget(name: "NodeSystemTests", dependencies: ["NodeSystem"]),
        .testTarget(name: "DiagnosticsTests", dependencies: ["Diagnostics", "WasmInspection", "TestSupport"]),
        .testTarget(name: "HeadlessDOMTests", dependencies: ["HeadlessDOM", "JavaScript", "WebHost", "TestSupport"]),
        .testTarget(
            name: "PrerenderTests",
            dependencies: ["Prerender", "HeadlessDOM", "WasmEngines", "Compression", "TestSupport"]),
        .testTarget(
            name: "RenderProcessTests",
            dependencies: [
                "RenderProcess", "RenderWire", "PageRendering", "Prerender", "PrerenderCache", "TestSupport",
            ]),
        .testTarget(name: "RenderWireTests", dependencies: ["RenderWire", "Prerender"]),
        .testTarget(name: "RenderChildSideTests", dependencies: ["RenderChildSide", "RenderWire"]),
        .testTarget(
            name: "DeployCheckTests",
            dependencies: ["DeployCheck", "DeployExport", "DistLayout", "Compression", "Hashing", "TestSupport"]),
        .testTarget(name: "DeployExportTests", dependencies: ["DeployExport", "DistLayout"]),
        // The WPT runner (docs/wpt.md): test support, not a CLI command. WPTSupport holds its decisions (which
        // files, the .any.html wrapper, expectations, the table) so WPTTests can use them; wpt-runner runs each
        // file in a bounded child over Prerender's page runtime.
        .target(name: "WPTSupport", path: "Tests/WPTSupport"),
        .executableTarget(
            name: "wpt-runner", dependencies: ["Prerender", "RenderProcess", "WPTSupport"], path: "Tests/WPTRunner"),
        .testTarget(name: "WPTTests", dependencies: ["WPTSupport", "TestSupport"]),
        .testTarget(
            name: "DevServerTests",
            dependencies: ["SiteServing", "HTTPServer", "TestSupport"]),
        .testTarget(name: "DevProxyTests", dependencies: ["DevProxy", "HTTPServer"]),
        .testTarget(
            name: "DevLoopTests", dependencies: ["DevLoop", "DevServing", "AssetPipeline", "HTTPServer", "TestSupport"]),
        .testTarget(name: "PageRenderingTests", dependencies: ["PageRendering"]),
        .testTarget(name: "ProjectConfigTests", dependencies: ["TestSupport"]),
    ]
)
