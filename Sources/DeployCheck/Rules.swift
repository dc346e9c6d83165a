import Compression
import DistLayout
import Foundation
import Hashing
import InputSafety
import WasmInspection

/// What a fetched resource is to the page.
public enum ResourceRole: String, Sendable {
    case page, glue, wasm, script
}

/// A resource fetched once per content coding (the same request apart from Accept-Encoding).
struct FetchedResource {
    let path: String
    let url: URL
    let role: ResourceRole
    let identity: FetchedResponse
    let variants: [ContentCoding: FetchedResponse]  // .br and .gzip requests
}

/// The rules, each a pure function of fetched responses. Names are stable (docs/deploying.md lists them).
enum Rules {
    // MARK: Content-Type

    static func contentType(_ r: FetchedResource) -> CheckResult {
        let raw = r.identity.header("Content-Type")
        let value = raw ?? "(none)"
        switch r.role {
        case .wasm:
            // The rule browsers apply before instantiateStreaming: exactly application/wasm, no parameters.
            let trimmed = (raw ?? "").trimmingCharacters(in: CharacterSet(charactersIn: " \t"))
            let ok = trimmed.lowercased() == "application/wasm"
            return CheckResult(
                .wasmContentType, ok ? .pass : .fail, r.path, "Content-Type: \(value)",
                fix:
                    "serve .wasm as exactly `application/wasm` (no charset): nginx `types { application/wasm wasm; }`; instantiateStreaming rejects anything else"
            )
        case .glue, .script, .page:
            let (type, charset) = mediaType(raw)
            let expected: Set<String> = r.role == .page ? ["text/html"] : ["text/javascript", "application/javascript"]
            let name: CheckRule = r.role == .page ? .htmlContentType : .jsContentType
            guard expected.contains(type) else {
                return CheckResult(
                    name, .fail, r.path, "Content-Type: \(value)",
                    fix:
                        "serve it as \(r.role == .page ? "text/html; charset=utf-8" : "text/javascript; charset=utf-8")"
                )
            }
            guard charset != nil else {
                return CheckResult(
                    name, .warn, r.path, "Content-Type: \(value) has no charset",
                    fix:
                        "add `; charset=utf-8` (nginx: `charset utf-8; charset_types text/html text/javascript application/javascript;`)"
                )
            }
            return CheckResult(name, .pass, r.path, "Content-Type: \(value)")
        }
    }

    static func mediaType(_ header: String?) -> (type: String, charset: String?) {
        let parts = (header ?? "").split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        let type = parts.first?.lowercased() ?? ""
        let charset = parts.dropFirst().first { $0.lowercased().hasPrefix("charset=") }.map { String($0.dropFirst(8)) }
        return (type, charset)
    }

    // MARK: Compression

    /// One result per coding: br, gzip, and identity (no Content-Encoding when only identity is acceptable).
    static func compression(_ r: FetchedResource) -> [CheckResult] {
        var results: [CheckResult] = []
        let reference = r.identity.body
        let identityCoding = r.identity.header("Content-Encoding")?.lowercased()
        if let identityCoding, identityCoding != "identity" {
            results.append(
                CheckResult(
                    .compressionIdentity, .fail, r.path,
                    "Accept-Encoding: identity was answered with Content-Encoding: \(identityCoding)",
                    fix: "only send an encoding the client accepts"))
        } else {
            results.append(CheckResult(.compressionIdentity, .pass, r.path, "identity: \(reference.count) bytes"))
        }

        var offered: [ContentCoding] = []
        for coding in [ContentCoding.br, .gzip] {
            let name = CheckRule.compression(coding)
            guard let response = r.variants[coding] else { continue }
            let declared = response.header("Content-Encoding")?.lowercased()
            guard let declared, declared != "identity" else {
                results.append(
                    CheckResult(
                        name, .warn, r.path, "not offered (\(coding.rawValue) requested, identity sent)",
                        fix: coding == .br
                            ? "precompress with brotli and serve the .br sibling (nginx: brotli_static on)"
                            : "precompress with gzip -9 and serve the .gz sibling (nginx: gzip_static on)"))
                continue
            }
            guard declared == coding.rawValue else {
                results.append(
                    CheckResult(
                        name, .fail, r.path, "\(coding.rawValue) requested, Content-Encoding: \(declared) sent",
                        fix: "only send an encoding the client accepts"))
                continue
            }
            guard coding.matchesMagic(response.body) else {
                results.append(
                    CheckResult(
                        name, .fail, r.path, "declared \(declared) but the body does not start like \(declared)",
                        fix: "the precompressed sibling is not \(declared): regenerate it"))
                continue
            }
            let decoded: [UInt8]
            do {
                decoded = try coding.decode(response.body, limit: max(reference.count * 2, 1 << 20))
            } catch {
                results.append(
                    CheckResult(
                        name, .fail, r.path, "declared \(declared) but does not decode: \(error)",
                        fix: "the precompressed sibling is corrupt: regenerate it"))
                continue
            }
            guard decoded == reference else {
                results.append(
                    CheckResult(
                        name, .fail, r.path,
                        "decodes to \(decoded.count) bytes that differ from the identity response (\(reference.count) bytes)",
                        fix: "the precompressed sibling is stale: regenerate it after every change of the file"))
                continue
            }
            guard response.body.count < reference.count else {
                results.append(
                    CheckResult(
                        name, .warn, r.path,
                        "\(response.body.count) bytes, not smaller than identity (\(reference.count))",
                        fix: "do not compress incompressible files"))
                continue
            }
            offered.append(coding)
            let ratio = Double(response.body.count) / Double(max(reference.count, 1)) * 100
            results.append(
                CheckResult(
                    name, .pass, r.path,
                    "\(response.body.count) bytes (\(Conversions.clamped(ratio.rounded(), to: 0...Int.max))% of \(reference.count))"
                ))
        }
        // Large assets sent uncompressed to every client are a fault, not a hint.
        if offered.isEmpty, r.role == .wasm || r.role == .glue, reference.count > 1024 {
            results.append(
                CheckResult(
                    .compression, .fail, r.path, "served uncompressed to clients that accept br and gzip",
                    fix:
                        "precompress (.br and .gz siblings) and enable brotli_static/gzip_static, or run `gowasm-serve build`"
                ))
        }
        return results
    }

    /// Vary on negotiated responses, and distinct ETags across encodings.
    static func negotiation(_ r: FetchedResource) -> [CheckResult] {
        let encoded = r.variants.filter {
            ($0.value.header("Content-Encoding") ?? "identity").lowercased() != "identity"
        }
        guard !encoded.isEmpty else { return [] }
        var all: [(String, FetchedResponse)] = [("identity", r.identity)]
        all += r.variants.sorted { $0.key.rawValue < $1.key.rawValue }.map { ($0.key.rawValue, $0.value) }
        let lacking = all.filter { _, response in
            let tokens = (response.header("Vary") ?? "").lowercased().split(separator: ",").map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            return !tokens.contains("accept-encoding") && !tokens.contains("*")
        }.map(\.0)
        var results = [
            lacking.isEmpty
                ? CheckResult(.vary, .pass, r.path, "Vary: Accept-Encoding on every variant")
                : CheckResult(
                    .vary, .fail, r.path,
                    "no Vary: Accept-Encoding on the \(lacking.joined(separator: ", ")) response\(lacking.count > 1 ? "s" : "")",
                    fix: "send Vary: Accept-Encoding on every response of a negotiated resource (nginx: gzip_vary on)")
        ]
        // Compare ETags between bodies that really differ in encoding (a br request answered with
        // identity is the identity body, and may share its tag).
        var tagByEncoding: [(encoding: String, tag: String)] = []
        for (_, response) in all {
            let encoding = (response.header("Content-Encoding") ?? "identity").lowercased()
            guard let tag = response.header("ETag"), !tagByEncoding.contains(where: { $0.encoding == encoding }) else {
                continue
            }
            tagByEncoding.append((encoding, tag))
        }
        if tagByEncoding.count >= 2 {
            let duplicated = Dictionary(grouping: tagByEncoding, by: \.tag).values.filter { $0.count > 1 }
            results.append(
                duplicated.isEmpty
                    ? CheckResult(.etagPerEncoding, .pass, r.path, "\(tagByEncoding.count) encodings, distinct ETags")
                    : CheckResult(
                        .etagPerEncoding, .fail, r.path,
                        "the \(duplicated[0].map(\.encoding).joined(separator: " and ")) bodies share ETag \(duplicated[0][0].tag)",
                        fix: "give each encoding its own ETag (e.g. suffix -br / -gz) so caches do not mix the bodies"))
        }
        return results
    }

    // MARK: Caching

    struct CacheControl {
        var maxAge: Int?
        var immutable = false
        var noCache = false
        var noStore = false
        var present = false

        init(_ response: FetchedResponse) {
            guard let header = response.header("Cache-Control") else { return }
            present = true
            for directive in header.lowercased().split(separator: ",") {
                let parts = directive.split(separator: "=", maxSplits: 1).map {
                    $0.trimmingCharacters(in: .whitespaces)
                }
                switch parts.first {
                case "max-age":
                    maxAge =
                        parts.count > 1
                        ? Int(parts[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"")), radix: 10) : nil
                case "immutable": immutable = true
                case "no-cache": noCache = true
                case "no-store": noStore = true
                default: break
                }
            }
        }
    }

    static let oneYear = 31_536_000

    /// Revved by content hash, by the rule `serve` and `export` apply (`CachePolicy`), so `check` expects what
    /// they send. A name hashed with decimal digits alone is immutable under `serve` only when the dist's
    /// manifest lists it, which `check` does not see: such names are judged as unhashed.
    static func isHashed(_ path: String) -> Bool {
        CachePolicy.hasContentHash(path.split(separator: "/").last ?? Substring(path))
    }

    static func caching(_ r: FetchedResource) -> CheckResult {
        let cc = CacheControl(r.identity)
        let header = r.identity.header("Cache-Control").map { "Cache-Control: \($0)" } ?? "no Cache-Control"
        if r.role == .page {
            if cc.noCache || cc.noStore || (cc.maxAge.map { $0 <= 180 } ?? false) {
                return CheckResult(.cacheHtml, .pass, r.path, header)
            }
            if !cc.present && r.identity.header("Expires") == nil {
                return CheckResult(
                    .cacheHtml, .warn, r.path, "no Cache-Control: caches pick their own freshness",
                    fix: "send Cache-Control: no-cache for HTML so a deploy is seen at once")
            }
            return CheckResult(
                .cacheHtml, .fail, r.path, "\(header): the page may be stale after a deploy",
                fix: "send Cache-Control: no-cache (or max-age ≤ 180) for HTML")
        }
        if isHashed(r.path) {
            if (cc.maxAge ?? 0) >= oneYear && cc.immutable && !cc.noCache {
                return CheckResult(.cacheHashed, .pass, r.path, header)
            }
            return CheckResult(
                .cacheHashed, .fail, r.path, "\(header): a content-hashed name can be cached for good",
                fix: "send Cache-Control: public, max-age=31536000, immutable for hashed names")
        }
        let long = !cc.noCache && !cc.noStore && (cc.maxAge ?? 0) > 600
        if long || (cc.immutable && !cc.noCache) {
            return CheckResult(
                .cacheUnhashed, .fail, r.path,
                "\(header) on a name that does not change with its content: stale after deploy",
                fix: "either hash the name (gowasm-serve build) or send Cache-Control: no-cache")
        }
        if !cc.present && r.identity.header("Expires") == nil {
            return CheckResult(
                .cacheUnhashed, .warn, r.path, "no Cache-Control: browsers guess a freshness from Last-Modified",
                fix: "send Cache-Control: no-cache for unhashed names (or hash them)")
        }
        return CheckResult(.cacheUnhashed, .pass, r.path, header)
    }

    static func nosniff(_ r: FetchedResource) -> CheckResult? {
        let value = r.identity.header("X-Content-Type-Options")?.lowercased()
        return value == "nosniff"
            ? nil
            : CheckResult(
                .nosniff, .warn, r.path, "no X-Content-Type-Options: nosniff",
                fix: "add_header X-Content-Type-Options nosniff always;")
    }

    // MARK: SRI

    /// Checks an `integrity` attribute against the bytes it guards.
    static func integrity(_ value: String, bytes: [UInt8], subject: String) -> CheckResult {
        let tokens = value.split(whereSeparator: \.isWhitespace).map(String.init)
        let strength = ["sha256": 1, "sha384": 2, "sha512": 3]
        var parsed: [(alg: String, digest: String)] = []
        for token in tokens {
            let withoutOptions = token.split(separator: "?", maxSplits: 1).first.map(String.init) ?? token
            guard let dash = withoutOptions.firstIndex(of: "-") else { continue }
            let alg = withoutOptions[..<dash].lowercased()
            guard strength[alg] != nil else { continue }
            parsed.append((alg, String(withoutOptions[withoutOptions.index(after: dash)...])))
        }
        guard let strongest = parsed.map(\.alg).max(by: { strength[$0, default: 0] < strength[$1, default: 0] }) else {
            return CheckResult(
                .sri, .fail, subject, "integrity=\"\(value)\" has no sha256/384/512 digest; browsers block it",
                fix: "use sha384-<standard base64 of the digest>")
        }
        if parsed.contains(where: { $0.digest.contains("-") || $0.digest.contains("_") }) {
            return CheckResult(
                .sri, .fail, subject, "integrity uses base64url (- or _), which Firefox rejects",
                fix: "encode the digest in standard base64 (+ and /)")
        }
        let actual = digest(strongest, bytes)
        if parsed.contains(where: { $0.alg == strongest && $0.digest == actual }) {
            return CheckResult(.sri, .pass, subject, "\(strongest) matches")
        }
        return CheckResult(
            .sri, .fail, subject,
            "\(strongest) does not match the served bytes (\(strongest)-\(actual)): the browser will refuse it",
            fix: "the file changed after the page was built: rebuild the page (or restore the file it was built with)")
    }

    static func digest(_ alg: String, _ bytes: [UInt8]) -> String {
        Data((SHA2(rawValue: alg) ?? .sha384).hash(bytes)).base64EncodedString()
    }

    // MARK: Revalidation

    static func revalidation(_ r: FetchedResource, fetcher: any ResponseFetcher, baseHeaders: [(String, String)])
        -> CheckResult
    {
        var headers = baseHeaders
        if let etag = r.identity.header("ETag") {
            headers.append(("If-None-Match", etag))
        } else if let modified = r.identity.header("Last-Modified") {
            headers.append(("If-Modified-Since", modified))
        } else {
            return CheckResult(
                .revalidation, .warn, r.path, "no ETag or Last-Modified: every revalidation re-downloads",
                fix: "send an ETag (or Last-Modified) and answer conditional requests with 304")
        }
        let started = Date()
        guard let response = try? fetcher.fetch(r.url, headers: headers) else {
            return CheckResult(.revalidation, .fail, r.path, "the conditional request failed")
        }
        let ms = Int(Date().timeIntervalSince(started) * 1000)  // gowasm: allow-trap: our own elapsed time
        if response.status == 304 {
            return CheckResult(.revalidation, .pass, r.path, "304 Not Modified in \(ms) ms")
        }
        return CheckResult(
            .revalidation, .fail, r.path,
            "conditional request answered \(response.status) with \(response.body.count) bytes",
            fix: "answer If-None-Match / If-Modified-Since with 304 when unchanged")
    }
}
