import Foundation
import Glibc
import WasmInspection

/// What to build and how.
public struct BuildOptions: Sendable {
    public var package: URL
    public var output: URL
    /// `--go`: the toolchain to use instead of `go` on PATH.
    public var goExecutable: String?
    /// `--template`: a mustache page used instead of the package's `index.html` and the default page.
    public var template: URL?
    /// `--debug`: keep DWARF and the symbol table.
    public var keepSymbols: Bool
    /// Whether to write `.br`/`.gz` siblings (a dev build skips them: the server compresses on demand).
    public var precompress: Bool
    /// `--base-url`: where the dist is served from (`/`, `/app/`, `https://cdn.example/app/`), so pages at
    /// deeper routes (a single-page app's `/items/2`) still find the glue and the wasm. Empty: relative names.
    public var baseURL: String = ""
    /// The toolchain's `wasm_exec.js` when already known. `dev` finds it once: finding it is a
    /// `go env GOROOT`, a process start on every rebuild otherwise.
    public var glue: URL?
    /// The Go version an earlier build with this toolchain reported. `dev` keeps it: reading it from the
    /// wasm is a parse of the whole module, most of what a rebuild adds to `go build` for a 15 MB wasm.
    public var goVersion: String?

    public init(
        package: URL, output: URL, goExecutable: String? = nil, template: URL? = nil, keepSymbols: Bool = false,
        precompress: Bool = true
    ) {
        self.package = package
        self.output = output
        self.goExecutable = goExecutable
        self.template = template
        self.keepSymbols = keepSymbols
        self.precompress = precompress
    }
}

/// One row of the summary: a file of the dist and its sizes.
public struct BuiltFile: Sendable, Equatable {
    public let logicalName: String
    public let file: String
    public let size: Int
    public let brotliSize: Int?
    public let gzipSize: Int?
}

/// The outcome of a build, for the summary table.
public struct BuildReport: Sendable {
    public let output: URL
    public let files: [BuiltFile]
    public let manifest: Manifest
    public let goVersion: String?
    /// The toolchain's `wasm_exec.js` this build used.
    public let glue: URL
}

/// `gowasm-serve build`: Go package → dist with hashed names, SRI, a page, precompressed siblings and a
/// manifest. Builds in a staging directory and swaps it in, so a failure leaves OUT exactly as it was.
public struct DistBuilder: Sendable {
    public static let wasmName = "main.wasm"
    public static let glueName = "wasm_exec.js"
    public static let pageName = "index.html"
    public static let staticFolder = "static"

    public let options: BuildOptions
    /// Receives the compiler's output as it arrives.
    public let compilerOutput: @Sendable (String) -> Void

    public init(options: BuildOptions, compilerOutput: @escaping @Sendable (String) -> Void) {
        self.options = options
        self.compilerOutput = compilerOutput
    }

    public func build() throws(BuildError) -> BuildReport {
        let package = options.package.standardizedFileURL
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: package.path, isDirectory: &isDirectory), isDirectory.boolValue
        else { throw .packageNotFound(path: options.package.path) }
        let toolchain = try GoToolchain(explicit: options.goExecutable)
        let templateText = try options.template.map { url throws(BuildError) in
            try fileOperation("read template", url.path) { try String(contentsOf: url, encoding: .utf8) }
        }
        let swap = DistSwap(output: options.output.standardizedFileURL)
        try swap.checkReplaceable()

        let staging = try swap.makeStaging()
        do {
            let report = try assemble(package: package, toolchain: toolchain, templateText: templateText, into: staging)
            try swap.install(staging)
            return report
        } catch {
            swap.discard(staging)
            throw error
        }
    }

    private func assemble(
        package: URL, toolchain: GoToolchain, templateText: String?, into staging: URL
    ) throws(BuildError) -> BuildReport {
        let compiled = staging.appendingPathComponent(".main.wasm.partial")
        try toolchain.buildWasm(
            package: package, output: compiled, keepSymbols: options.keepSymbols, forward: compilerOutput)
        let wasmBytes = try read(compiled)
        let gluePath: URL
        if let known = options.glue { gluePath = known } else { gluePath = try toolchain.glue() }
        let glueBytes = try read(gluePath)

        // `written`: already in staging (the compiler's wasm), moved to its name instead of written again.
        var outputs: [(logical: String, bytes: [UInt8], file: String, digest: ContentDigest, written: URL?)] = []
        // One digest per file: its name's hash and its SRI both come from it (a 15 MB wasm's is 50 ms).
        let wasmDigest = ContentDigest(of: wasmBytes)
        let glueDigest = ContentDigest(of: glueBytes)
        let wasm = asset(Self.wasmName, wasmDigest)
        let glue = asset(Self.glueName, glueDigest)
        outputs.append((Self.wasmName, wasmBytes, wasm.hashedName, wasmDigest, compiled))
        outputs.append((Self.glueName, glueBytes, glue.hashedName, glueDigest, nil))

        let page = try renderPage(package: package, templateText: templateText, glue: glue, wasm: wasm)
        let pageBytes = Array(page.utf8)
        outputs.append((Self.pageName, pageBytes, Self.pageName, ContentDigest(of: pageBytes), nil))

        for (relative, bytes) in try staticFiles(of: package) {
            let logical = "\(Self.staticFolder)/\(relative)"
            outputs.append((logical, bytes, logical, ContentDigest(of: bytes), nil))
        }

        let precompressor = Precompressor(fast: false)
        var files: [BuiltFile] = []
        var entries: [String: Manifest.Entry] = [:]
        for output in outputs {
            let destination = staging.appendingPathComponent(output.file)
            try fileOperation("create", destination.deletingLastPathComponent().path) {
                try FileManager.default.createDirectory(
                    at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
            }
            if let written = output.written {
                try fileOperation("move", written.path) {
                    try FileManager.default.moveItem(at: written, to: destination)
                }
            } else {
                try fileOperation("write", destination.path) { try Data(output.bytes).write(to: destination) }
            }
            let sizes =
                options.precompress
                ? try precompressor.compress(destination, bytes: output.bytes) : Precompressor.Sizes()
            files.append(
                BuiltFile(
                    logicalName: output.logical, file: output.file, size: output.bytes.count,
                    brotliSize: sizes.br, gzipSize: sizes.gzip))
            entries[output.logical] = Manifest.Entry(
                file: output.file, size: output.bytes.count, sha384: output.digest.integrity, br: sizes.br,
                gzip: sizes.gzip)
        }
        // The same reader `inspect` uses (modinfo, producers section, runtime.buildVersion).
        let goVersion = options.goVersion ?? WasmInspector.goVersion(bytes: wasmBytes)
        let manifest = Manifest(goVersion: goVersion, files: entries)
        let manifestURL = staging.appendingPathComponent(Manifest.fileName)
        let manifestData = try manifest.encoded()
        try fileOperation("write", manifestURL.path) { try manifestData.write(to: manifestURL) }
        return BuildReport(
            output: options.output, files: files, manifest: manifest, goVersion: goVersion, glue: gluePath)
    }

    private func asset(_ logicalName: String, _ digest: ContentDigest) -> PageAsset {
        PageAsset(
            logicalName: logicalName, hashedName: digest.hashedName(for: logicalName), integrity: digest.integrity,
            baseURL: options.baseURL)
    }

    /// `--template`, else the package's own `index.html`, else the default page; then references rewritten.
    private func renderPage(
        package: URL, templateText: String?, glue: PageAsset, wasm: PageAsset
    ) throws(BuildError) -> String {
        let context = PageTemplates.Context(title: package.lastPathComponent, glue: glue, wasm: wasm)
        let ownPage = package.appendingPathComponent(Self.pageName)
        let html: String
        if let templateText, let template = options.template {
            html = try PageTemplates.render(page: templateText, source: template.path, context: context)
        } else if FileManager.default.fileExists(atPath: ownPage.path) {
            html = try fileOperation("read", ownPage.path) { try String(contentsOf: ownPage, encoding: .utf8) }
        } else {
            html = try PageTemplates.render(page: PageTemplates.defaultPage, source: "default page", context: context)
        }
        return PageRewriter(glue: glue, wasm: wasm).rewrite(html)
    }

    /// Regular files under `static/`, by path relative to it, in a stable order.
    private func staticFiles(of package: URL) throws(BuildError) -> [(String, [UInt8])] {
        let root = package.appendingPathComponent(Self.staticFolder).resolvingSymlinksInPath()
        guard FileManager.default.fileExists(atPath: root.path) else { return [] }
        let enumerator = FileManager.default.enumerator(
            at: root, includingPropertiesForKeys: [.isRegularFileKey], options: [])
        var files: [(String, [UInt8])] = []
        let prefix = root.path.hasSuffix("/") ? root.path : root.path + "/"
        while let url = enumerator?.nextObject() as? URL {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            let path = url.resolvingSymlinksInPath().path
            guard path.hasPrefix(prefix) else { continue }
            files.append((String(path.dropFirst(prefix.count)), try read(url)))
        }
        return files.sorted { $0.0 < $1.0 }
    }

    /// Straight into the array: through `Data` a 15 MB wasm was read, then copied (22 ms in all here).
    private func read(_ url: URL) throws(BuildError) -> [UInt8] {
        try fileOperation("read", url.path) {
            let handle = try FileHandle(forReadingFrom: url)
            defer { try? handle.close() }
            guard let count = Int(exactly: try handle.seekToEnd()) else { throw CocoaError(.fileReadTooLarge) }
            try handle.seek(toOffset: 0)
            return try [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
                initialized = 0
                while initialized < count, let base = buffer.baseAddress {
                    let read = Glibc.read(handle.fileDescriptor, base + initialized, count - initialized)
                    if read < 0, errno == EINTR { continue }
                    guard read >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
                    if read == 0 { break }  // shorter than at the seek: what is there is the file
                    initialized += read
                }
            }
        }
    }
}
