import Compression
import Foundation
import WasmInspection

/// Why `check` could not run at all (as opposed to checks that failed).
public enum DeployCheckError: Error, CustomStringConvertible {
    case fetch(FetchError)
    /// The page did not answer 200; redirects are reported with their target, never followed.
    case pageStatus(url: String, status: Int, location: String?)
    case notADirectory(String)
    case serverDidNotStart(String)

    public var description: String {
        switch self {
        case .fetch(let error): "\(error)"
        case .pageStatus(let url, let status, let location?):
            "\(url) answered \(status) redirecting to \(location), not a page: check that URL"
        case .pageStatus(let url, let status, nil): "\(url) answered \(status), not a page"
        case .notADirectory(let path): "\(path) is neither an http(s):// URL nor a directory"
        case .serverDidNotStart(let detail): "could not serve the directory: \(detail)"
        }
    }
}

/// Fetches a page and what it loads the way a browser would, then applies `Rules` to every response.
public struct DeploymentChecker: Sendable {
    public var fetcher: any ResponseFetcher

    public init(fetcher: any ResponseFetcher) { self.fetcher = fetcher }

    static let userAgent =
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36 gowasm-serve-check"

    static func headers(for role: ResourceRole, encoding: String) -> [(String, String)] {
        let accept: String
        let destination: String
        switch role {
        case .page:
            (accept, destination) = ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "document")
        case .glue, .script: (accept, destination) = ("*/*", "script")
        case .wasm: (accept, destination) = ("*/*", "empty")
        }
        return [
            ("User-Agent", userAgent), ("Accept", accept), ("Accept-Encoding", encoding),
            ("Sec-Fetch-Dest", destination),
        ]
    }

    /// Checks the page at `url` and everything it loads.
    public func check(url: URL) throws(DeployCheckError) -> CheckReport {
        var results: [CheckResult] = []
        let page = try fetchResource(url, role: .page, base: url)
        guard page.identity.status == 200 else {
            throw .pageStatus(
                url: url.absoluteString, status: page.identity.status, location: page.identity.header("Location"))
        }
        let html = String(decoding: page.identity.body, as: UTF8.self)
        let tags = PageScanner.tags(in: html)
        results += apply(page)

        // Scripts: the glue is the one whose source has a Go import object; others are searched for .wasm URLs.
        var glue: (resource: FetchedResource, abi: GlueABI)?
        var wasmReferences: [String] = tags.compactMap { $0.inlineText }.flatMap(PageScanner.wasmLiterals)
        var tagForURL: [URL: PageScanner.Tag] = [:]
        for tag in tags {
            let href = tag.name == "script" ? tag.attributes["src"] : tag.attributes["href"]
            guard let href, let resolved = URL(string: href, relativeTo: url)?.absoluteURL else { continue }
            if tag.name == "link" {
                let rel = tag.attributes["rel"]?.lowercased() ?? ""
                guard rel.contains("preload") || rel.contains("modulepreload") else { continue }
                if href.lowercased().contains(".wasm") { wasmReferences.append(href) }
                tagForURL[resolved] = tagForURL[resolved] ?? tag
                continue
            }
            tagForURL[resolved] = tag
            let fetchedScript = Result { () throws(DeployCheckError) in
                try fetchResource(resolved, role: .script, base: url)
            }
            guard case .success(let script) = fetchedScript, script.identity.status == 200 else {
                results.append(
                    CheckResult(
                        .scriptStatus, .fail, path(of: resolved, base: url), Self.notServed(fetchedScript),
                        fix: "the page references a script the server does not serve"))
                continue
            }
            let source = String(decoding: script.identity.body, as: UTF8.self)
            if glue == nil, let abi = try? GlueABI.parse(source, path: script.path) {
                let asGlue = FetchedResource(
                    path: script.path, url: script.url, role: .glue, identity: script.identity,
                    variants: script.variants)
                glue = (asGlue, abi)
                results += apply(asGlue)
            } else {
                wasmReferences += PageScanner.wasmLiterals(in: source)
                results += apply(script)
            }
        }

        if glue == nil {
            results.append(
                CheckResult(
                    .glueFound, .fail, page.path, "no script on the page provides a Go import object (wasm_exec.js)",
                    fix: "load the wasm_exec.js of the toolchain that built the wasm with a <script src>"))
        }

        var wasm: FetchedResource?
        var seen = Set<URL>()
        for reference in wasmReferences {
            guard let resolved = URL(string: reference, relativeTo: url)?.absoluteURL, seen.insert(resolved).inserted
            else { continue }
            let fetchedWasm = Result { () throws(DeployCheckError) in
                try fetchResource(resolved, role: .wasm, base: url)
            }
            guard case .success(let resource) = fetchedWasm, resource.identity.status == 200 else {
                results.append(
                    CheckResult(
                        .wasmStatus, .fail, path(of: resolved, base: url),
                        "referenced by the page but not served: " + Self.notServed(fetchedWasm),
                        fix: "deploy the wasm the page names, or rebuild the page"))
                continue
            }
            wasm = wasm ?? resource
            results += apply(resource)
        }
        if seen.isEmpty {
            results.append(
                CheckResult(
                    .wasmFound, .fail, page.path, "the page names no .wasm (script, preload link or string literal)",
                    fix: "reference the binary as a literal URL (fetch(\"main.wasm\")) or a <link rel=preload as=fetch>"
                ))
        }

        results += subresourceIntegrity(tagForURL: tagForURL, page: url, glue: glue?.resource)

        if let glue, let wasm {
            results.append(glueABI(glue: glue.abi, gluePath: glue.resource.path, wasm: wasm))
        }
        return CheckReport(target: url.absoluteString, results: results)
    }

    /// Why a referenced resource is missing: the fetch error, or the status (with a redirect's target:
    /// redirects are reported, not followed, since a browser's subresource fetch would pay for each hop).
    private static func notServed(_ fetched: Result<FetchedResource, DeployCheckError>) -> String {
        switch fetched {
        case .failure(let error): "could not be fetched: \(error)"
        case .success(let resource):
            resource.identity.header("Location").map { "answered \(resource.identity.status) redirecting to \($0)" }
                ?? "answered \(resource.identity.status)"
        }
    }

    private func apply(_ resource: FetchedResource) -> [CheckResult] {
        var results = [Rules.contentType(resource)]
        if resource.role != .page { results += Rules.compression(resource) }
        results += Rules.negotiation(resource)
        results.append(Rules.caching(resource))
        if let nosniff = Rules.nosniff(resource) { results.append(nosniff) }
        results.append(
            Rules.revalidation(
                resource, fetcher: fetcher, baseHeaders: Self.headers(for: resource.role, encoding: "identity")))
        return results
    }

    private func subresourceIntegrity(tagForURL: [URL: PageScanner.Tag], page: URL, glue: FetchedResource?)
        -> [CheckResult]
    {
        var results: [CheckResult] = []
        for (resolved, tag) in tagForURL.sorted(by: { $0.key.absoluteString < $1.key.absoluteString }) {
            let subject = path(of: resolved, base: page)
            let crossOrigin = resolved.host != page.host || resolved.port != page.port || resolved.scheme != page.scheme
            let isFetchPreload = tag.name == "link" && (tag.attributes["as"]?.lowercased() == "fetch")
            if let integrity = tag.attributes["integrity"] {
                guard
                    let bytes = try? fetcher.fetch(resolved, headers: Self.headers(for: .script, encoding: "identity"))
                        .body
                else { continue }
                results.append(Rules.integrity(integrity, bytes: bytes, subject: subject))
            } else if let glue, glue.url == resolved {
                results.append(
                    CheckResult(
                        .sriGlue, .warn, subject, "the glue is loaded without integrity",
                        fix: "add integrity=\"sha384-…\" (gowasm-serve build writes it)"))
            }
            // fetch() is a CORS request: a preload only matches it with crossorigin; cross-origin SRI needs it too.
            if (crossOrigin && tag.attributes["integrity"] != nil || isFetchPreload)
                && tag.attributes["crossorigin"] == nil
            {
                results.append(
                    CheckResult(
                        .sriCrossorigin, .fail, subject,
                        isFetchPreload
                            ? "preload as=fetch without crossorigin: the browser fetches the wasm twice"
                            : "cross-origin resource with integrity but no crossorigin: the browser blocks it",
                        fix: "add the crossorigin attribute"))
            }
        }
        return results
    }

    private func glueABI(glue: GlueABI, gluePath: String, wasm: FetchedResource) -> CheckResult {
        guard let report = try? WasmInspector.inspect(bytes: wasm.identity.body, top: 0) else {
            return CheckResult(
                .glueAbi, .fail, wasm.path, "the served wasm does not parse as a WebAssembly module",
                fix: "serve the binary unchanged (no transformation, correct file)")
        }
        let skew = GlueSkew(report: report, glue: glue)
        if let diagnosis = skew.diagnosis {
            return CheckResult(
                .glueAbi, .fail, gluePath, diagnosis, fix: "copy wasm_exec.js from the toolchain that built the wasm")
        }
        return CheckResult(
            .glueAbi, .pass, gluePath,
            "provides every import of \(wasm.path) (\(report.go?.version ?? "unknown Go"), module \(report.goHostModule ?? "?"))"
        )
    }

    private func fetchResource(_ url: URL, role: ResourceRole, base: URL) throws(DeployCheckError) -> FetchedResource {
        do {
            let identity = try fetcher.fetch(url, headers: Self.headers(for: role, encoding: "identity"))
            var variants: [ContentCoding: FetchedResponse] = [:]
            if role != .page && identity.status == 200 {
                for coding in [ContentCoding.br, .gzip] {
                    variants[coding] = try fetcher.fetch(
                        url, headers: Self.headers(for: role, encoding: coding.rawValue))
                }
            }
            return FetchedResource(
                path: path(of: url, base: base), url: url, role: role, identity: identity, variants: variants)
        } catch {
            throw .fetch(error)
        }
    }

    private func path(of url: URL, base: URL) -> String {
        guard url.host == base.host, url.port == base.port else { return url.absoluteString }
        let components = URLComponents(url: url, resolvingAgainstBaseURL: true)
        let path = components?.percentEncodedPath ?? url.path
        return path.isEmpty ? "/" : path
    }
}
