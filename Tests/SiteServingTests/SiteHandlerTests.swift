import Compression
import Foundation
import HTTPServer
import SiteServing
import TestSupport
import Testing

/// The handler's rules, checked by calling `response(to:)` on a real dist folder on disk.
@Suite(.serialized) final class SiteHandlerTests {
    private var fixture: DistFixture!
    private var handler: SiteHandler!

    init() throws {
        fixture = try DistFixture()
        var options = SiteHandler.Options()
        options.precompressAtStart = false
        handler = try SiteHandler(directory: fixture.root.path, options: options)
    }

    deinit {
        try? FileManager.default.removeItem(at: fixture.root.deletingLastPathComponent())
    }

    // MARK: MIME

    @Test func contentTypesAreExactAndTextCarriesCharset() throws {
        let expected = [
            "/index.html": "text/html; charset=utf-8",
            "/app.js": "text/javascript; charset=utf-8",
            "/style.css": "text/css; charset=utf-8",
            "/data.json": "application/json; charset=utf-8",
            "/logo.svg": "image/svg+xml; charset=utf-8",
            "/image.png": "image/png",
            "/font.woff2": "font/woff2",
            "/blob.xyz": "application/octet-stream",
            "/empty.txt": "text/plain; charset=utf-8",
        ]
        for (path, type) in expected {
            let response = handler.get(path)
            #expect(response.status.code == 200, "\(path)")
            #expect(response.headers["Content-Type"] == type, "\(path)")
            #expect(response.headers["X-Content-Type-Options"] == "nosniff", "\(path)")
        }
    }

    @Test func emptyFileIsServedEmpty() throws {
        let response = handler.get("/empty.txt", ["Accept-Encoding": "br"])
        #expect(response.status.code == 200)
        #expect(try response.body.collected() == [])
        #expect(response.headers["Content-Encoding"] == nil, "an empty body never shrinks")
    }

    // MARK: Paths

    @Test func traversalAndEncodedSeparatorsAreRefused() {
        for path in [
            "/../etc/passwd", "/docs/../../outside/secret.txt", "/%2e%2e/outside/secret.txt", "/%2E%2E/x",
            "/docs%2findex.html", "/docs%2Findex.html", "/docs%5cindex.html", "/docs\\index.html", "/index.html%00",
            "/index.html%00.js", "/%zz", "/%4", "/./index.html", "/%ff%fe", "index.html",
        ] {
            let response = handler.get(path)
            #expect(response.status.code == 400, "\(path)")
            #expect(response.headers["Content-Type"] == "text/html; charset=utf-8", "\(path)")
        }
    }

    @Test func dotfilesAndEscapingSymlinksAreNotFound() throws {
        for path in [
            "/.env", "/.git/config", "/.git/", "/%2eenv", "/escape.txt", "/escape-dir/secret.txt", "/env-alias",
        ] {
            let response = handler.get(path)
            #expect(response.status.code == 404, "\(path)")
            #expect(!(String(decoding: try response.body.collected(), as: UTF8.self).contains("SECRET")), "\(path)")
        }
        // A symlink that stays inside the root is an ordinary file.
        let alias = handler.get("/alias.js")
        #expect(alias.status.code == 200)
        #expect(try alias.body.collected() == DistFixture.script)
    }

    @Test func percentDecodingHappensOnce() throws {
        try fixture.write("a b.txt", Array("space".utf8))
        try fixture.write("100%25.txt", Array("literal".utf8))
        #expect(try handler.get("/a%20b.txt").body.collected() == Array("space".utf8))
        // `%2525` decodes once to `%25`, the literal file name; a second decoding would look for `100%.txt`.
        #expect(try handler.get("/100%2525.txt").body.collected() == Array("literal".utf8))
    }

    @Test func directoriesRedirectAndServeIndex() throws {
        let redirect = handler.get("/docs?x=1")
        #expect(redirect.status.code == 301)
        #expect(redirect.headers["Location"] == "/docs/?x=1")
        #expect(try handler.get("/docs/").body.collected() == fixture.bytes("docs/index.html"))
        #expect(try handler.get("/").body.collected() == DistFixture.html)
        #expect(handler.get("/empty/").status.code == 404, "no directory listings")
        #expect(handler.get("/app.js/").status.code == 404)
        #expect(handler.get("/missing").status.code == 404)
    }

    @Test func notFoundPageIsStyledAndEscapesThePath() throws {
        let response = handler.get("/%3Cscript%3Ealert(1)%3C/script%3E")
        #expect(response.status.code == 404)
        let page = String(decoding: try response.body.collected(), as: UTF8.self)
        #expect(page.contains("404"))
        #expect(page.contains(PublicAssets.errorStyles), "styles from Public/error.css are inlined")
        #expect(!(page.contains("<script>")))
    }

    @Test func singlePageAppFallback() throws {
        var options = SiteHandler.Options()
        options.singlePageApp = true
        options.precompressAtStart = false
        let spa = try SiteHandler(directory: fixture.root.path, options: options)
        let route = spa.get("/users/42")
        #expect(route.status.code == 200)
        #expect(try route.body.collected() == DistFixture.html)
        #expect(route.headers["Cache-Control"] == "no-cache")
        #expect(spa.get("/missing.js").status.code == 404, "paths with an extension are real misses")
        #expect(spa.get("/.git/config").status.code == 404)
        #expect(spa.get("/../x").status.code == 400)
        #expect(handler.get("/users/42").status.code == 404, "no fallback without --spa")
    }

    // MARK: Methods

    @Test func otherMethodsGet405WithAllow() {
        for method in ["POST", "PUT", "DELETE", "PATCH", "OPTIONS", "BREW"] {
            let response = handler.get("/index.html", method: method)
            #expect(response.status.code == 405, "\(method)")
            #expect(response.headers["Allow"] == "GET, HEAD", "\(method)")
        }
    }

    @Test func headHasTheSameHeadersAsGet() {
        for path in ["/index.html", "/app.js", "/big.bin"] {
            _ = handler.get(path, ["Accept-Encoding": "gzip"])
            handler.store.waitForBackgroundWork()  // so both see the same (final) variant
            let get = handler.get(path, ["Accept-Encoding": "gzip"])
            let head = handler.get(path, ["Accept-Encoding": "gzip"], method: "HEAD")
            #expect(head.status == get.status, "\(path)")
            for name in ["Content-Type", "ETag", "Content-Encoding", "Vary", "Cache-Control", "Last-Modified"] {
                #expect(head.headers[name] == get.headers[name], "\(path) \(name)")
            }
            #expect(head.body.knownCount == get.body.knownCount, "\(path)")
        }
    }

    // MARK: Encodings

    @Test func negotiationFollowsQValues() throws {
        let cases: [(String?, String?)] = [
            ("br, gzip", "br"),
            ("gzip, deflate, br, zstd", "br"),
            ("gzip", "gzip"),
            ("x-gzip", "gzip"),
            ("gzip;q=1, br;q=0.5", "gzip"),
            ("br;q=0, gzip", "gzip"),
            ("*", "br"),
            ("*;q=0.5, br;q=0", "gzip"),
            ("identity", nil),
            ("", nil),
            (nil, nil),
            ("br;q=0.001, identity;q=1", nil),
            ("deflate", nil),
            ("BR", "br"),
            ("gzip;q=garbage, br;q=0.9", "br"),
        ]
        for (header, coding) in cases {
            var headers: HTTPHeaders = [:]
            if let header { headers.add("Accept-Encoding", header) }
            let response = handler.get("/app.js", headers)
            #expect(response.status.code == 200, "\("\(header ?? "absent")")")
            #expect(response.headers["Content-Encoding"] == coding, "\("\(header ?? "absent")")")
            #expect(response.headers["Vary"] == "Accept-Encoding", "\("\(header ?? "absent")")")
            #expect(try decodedBody(response) == DistFixture.script, "\("\(header ?? "absent")")")
        }
    }

    @Test func nothingAcceptableIs406() throws {
        for header in ["identity;q=0", "*;q=0", "deflate, identity;q=0"] {
            let png = handler.get("/image.png", ["Accept-Encoding": header])
            #expect(png.status.code == 406, "\(header)")
        }
        // A compressible file still has br and gzip to offer.
        #expect(handler.get("/app.js", ["Accept-Encoding": "br, identity;q=0"]).status.code == 200)
        let none = handler.get("/app.js", ["Accept-Encoding": "*;q=0"])
        #expect(none.status.code == 406)
        #expect(none.headers["Vary"] == "Accept-Encoding")
    }

    @Test func alreadyCompressedTypesAreNotCompressedOrVaried() throws {
        for path in ["/image.png", "/font.woff2"] {
            let response = handler.get(path, ["Accept-Encoding": "br, gzip"])
            #expect(response.headers["Content-Encoding"] == nil, "\(path)")
            #expect(response.headers["Vary"] == nil, "\(path)")
            #expect(try response.body.collected() == fixture.bytes(String(path.dropFirst())), "\(path)")
        }
    }

    @Test func neverServesAVariantLargerThanTheOriginal() throws {
        for encoding in ["br", "gzip"] {
            let response = handler.get("/noise.js", ["Accept-Encoding": encoding])
            #expect(response.headers["Content-Encoding"] == nil, "\(encoding)")
            #expect(response.headers["Vary"] == "Accept-Encoding")
            #expect(try response.body.collected() == fixture.bytes("noise.js"))
        }
    }

    @Test func eachEncodingHasItsOwnStrongETag() throws {
        var tags: Set<String> = []
        for encoding in ["br", "gzip", "identity"] {
            let response = handler.get("/app.js", ["Accept-Encoding": encoding])
            let tag = try #require(response.headers["ETag"])
            #expect(tag.hasPrefix("\"") && tag.hasSuffix("\""), "strong: \(tag)")
            tags.insert(tag)
        }
        #expect(tags.count == 3)
    }

    @Test func firstRequestGetsAQuickVariantAndTheSmallestFollows() throws {
        // The toolchain's own wasm_exec.js: real text where brotli 11 beats brotli 5.
        let glue = Array(
            try Data(contentsOf: try GoToolchain.modern.glueDirectory().appendingPathComponent("wasm_exec.js")))
        try fixture.write("wasm_exec.js", glue)
        let first = handler.get("/wasm_exec.js", ["Accept-Encoding": "br"])
        let quickTag = try #require(first.headers["ETag"])
        #expect(quickTag.hasSuffix("-br5\""), "\(quickTag)")
        #expect(try first.body.collected() == Brotli.compress(glue, quality: 5))
        handler.store.waitForBackgroundWork()
        let later = handler.get("/wasm_exec.js", ["Accept-Encoding": "br"])
        let finalTag = try #require(later.headers["ETag"])
        #expect(finalTag.hasSuffix("-br\""), "\(finalTag)")
        #expect(try later.body.collected() == Brotli.compress(glue, quality: 11))
        #expect(try later.body.collected().count < first.body.collected().count)
        // The quick variant's validator still revalidates: same content, same coding.
        #expect(handler.get("/wasm_exec.js", ["Accept-Encoding": "br", "If-None-Match": quickTag]).status.code == 304)
    }

    @Test func theSmallerVariantWinsWhenBrotli11DoesNotShrinkFurther() throws {
        // Brotli 11 is not always smaller on small repetitive input; whichever is smaller stays.
        _ = handler.get("/app.js", ["Accept-Encoding": "br"])
        handler.store.waitForBackgroundWork()
        let served = try handler.get("/app.js", ["Accept-Encoding": "br"]).body.collected()
        let quick = try Brotli.compress(DistFixture.script, quality: 5)
        let best = try Brotli.compress(DistFixture.script, quality: 11)
        #expect(served.count == min(quick.count, best.count))
    }

    @Test func precompressAtStartMakesTheSmallestVariantsUpFront() throws {
        let warm = try SiteHandler(directory: fixture.root.path)
        warm.store.waitForBackgroundWork()
        let response = warm.get("/app.js", ["Accept-Encoding": "br"])
        #expect(response.headers["ETag"].map { $0.hasSuffix("-br\"") } == true)
        #expect(try decodedBody(response) == DistFixture.script)
    }

    @Test func onDiskSiblingsAreUsedWhenNotOlder() throws {
        let sibling = try Brotli.compress(DistFixture.script, quality: 1)
        try Data(sibling).write(to: fixture.root.appendingPathComponent("app.js.br"))
        let response = handler.get("/app.js", ["Accept-Encoding": "br"])
        #expect(try response.body.collected() == sibling, "the sibling's own bytes")
        #expect(try decodedBody(response) == DistFixture.script)

        // A stale sibling (older than the file) is ignored.
        let css = try fixture.bytes("style.css")
        let staleURL = fixture.root.appendingPathComponent("style.css.gz")
        let stale = try Gzip.compress(Array("stale".utf8))
        try Data(stale).write(to: staleURL)
        try FileManager.default.setAttributes(
            [.modificationDate: Date(timeIntervalSinceNow: -3600)], ofItemAtPath: staleURL.path)
        let fresh = handler.get("/style.css", ["Accept-Encoding": "gzip"])
        #expect(try fresh.body.collected() != stale)
        #expect(try decodedBody(fresh) == css)
    }

    @Test func siblingsAreCheckedByContentAndLargeOnesAreSentFromDisk() throws {
        // Hex text: compressible, yet its brotli is still larger than the in-memory limit (256 KiB).
        let text = Array(randomHex(bytes: 320 << 10).utf8)
        try fixture.write("big.js", text)
        let compressed = try Brotli.compress(text, quality: 1)
        #expect(compressed.count > 256 << 10)
        let siblingURL = fixture.root.appendingPathComponent("big.js.br")
        try Data(compressed).write(to: siblingURL)
        // Looks older (as `brotli -k` leaves it), but decodes to the file: used, from disk.
        try FileManager.default.setAttributes(
            [.modificationDate: Date(timeIntervalSinceNow: -60)], ofItemAtPath: siblingURL.path)
        let before = handler.cachedResponseCount
        let response = handler.get("/big.js", ["Accept-Encoding": "br"])
        #expect(response.body.isFile, "a large sibling goes out with sendfile")
        #expect(try response.body.collected() == compressed)
        #expect(try decodedBody(response) == text)
        // Kept with the sibling's descriptor: a repeat is a cache hit that still sends the sibling's bytes,
        // and the etag of the br representation.
        #expect(handler.cachedResponseCount == before + 1, "kept")
        let again = handler.get("/big.js", ["Accept-Encoding": "br"])
        #expect(handler.cachedResponseCount == before + 1, "answered from the cache")
        #expect(again.body.isFile)
        #expect(try again.body.collected() == compressed)
        #expect(again.headers["ETag"] == response.headers["ETag"])
        #expect(again.headers["Content-Encoding"] == "br")
        #expect(
            try decodedBody(handler.get("/big.js", ["Accept-Encoding": "identity"])) == text,
            "identity is another entry")

        // Looks newer, but holds other content: ignored, the file is compressed here instead.
        let other = try Brotli.compress(Array("console.log('old build')".utf8), quality: 1)
        let scriptSibling = fixture.root.appendingPathComponent("app.js.br")
        try Data(other).write(to: scriptSibling)
        try FileManager.default.setAttributes(
            [.modificationDate: Date(timeIntervalSinceNow: 60)], ofItemAtPath: scriptSibling.path)
        let script = handler.get("/app.js", ["Accept-Encoding": "br"])
        #expect(try script.body.collected() != other)
        #expect(try decodedBody(script) == DistFixture.script)
    }

    private func randomHex(bytes count: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        let digits = Array("0123456789abcdef")
        return String((0..<(count * 2)).map { _ in digits[Int(generator.next() % 16)] })
    }

    // MARK: Caching and validators

    @Test func cacheControlPolicy() {
        #expect(handler.get("/app-5d41402abc.js").headers["Cache-Control"] == "max-age=31536000, immutable")
        #expect(handler.get("/index.html").headers["Cache-Control"] == "no-cache")
        #expect(handler.get("/app.js").headers["Cache-Control"] == "no-cache")
    }

    @Test func validatorsGive304WithVaryAndETag() throws {
        for encoding in ["br", "gzip", "identity"] {
            let first = handler.get("/app.js", ["Accept-Encoding": encoding])
            let tag = try #require(first.headers["ETag"])
            let lastModified = try #require(first.headers["Last-Modified"])
            for conditional: HTTPHeaders in [
                ["Accept-Encoding": encoding, "If-None-Match": tag],
                ["Accept-Encoding": encoding, "If-None-Match": "\"other\", W/\(tag)"],
                ["Accept-Encoding": encoding, "If-None-Match": "*"],
                ["Accept-Encoding": encoding, "If-Modified-Since": lastModified],
            ] {
                let response = handler.get("/app.js", conditional)
                #expect(response.status.code == 304, "\(conditional.fields)")
                #expect(response.headers["Vary"] == "Accept-Encoding")
                #expect(response.headers["Cache-Control"] == "no-cache")
                #expect(response.headers["ETag"] != nil)
                #expect(response.body.knownCount == 0)
            }
            // A validator of another representation or an older time does not match.
            #expect(
                handler.get("/app.js", ["Accept-Encoding": encoding, "If-None-Match": "\"nope\""]).status.code == 200)
            #expect(
                handler.get(
                    "/app.js", ["Accept-Encoding": encoding, "If-Modified-Since": "Thu, 01 Jan 1970 00:00:00 GMT"]
                )
                .status.code == 200)
            // If-None-Match wins over If-Modified-Since.
            #expect(
                handler.get(
                    "/app.js",
                    ["Accept-Encoding": encoding, "If-None-Match": "\"nope\"", "If-Modified-Since": lastModified]
                )
                .status.code == 200)
        }
        let identityTag = try #require(handler.get("/app.js").headers["ETag"])
        #expect(
            handler.get("/app.js", ["Accept-Encoding": "br", "If-None-Match": identityTag]).status.code == 200,
            "the identity tag does not validate the br variant")
        #expect(handler.get("/app.js", ["If-Match": "\"nope\""]).status.code == 412)
        #expect(handler.get("/app.js", ["If-Match": identityTag]).status.code == 200)
        #expect(handler.get("/app.js", ["If-Unmodified-Since": "Thu, 01 Jan 1970 00:00:00 GMT"]).status.code == 412)
    }

    // MARK: Range

    @Test func singleRangesOnIdentity() throws {
        let big = try fixture.bytes("big.bin")
        let cases: [(String, ClosedRange<Int>)] = [
            ("bytes=0-99", 0...99), ("bytes=100-", 100...(big.count - 1)),
            ("bytes=-500", (big.count - 500)...(big.count - 1)),
            ("bytes=599990-700000", 599_990...(big.count - 1)), ("BYTES=5-5", 5...5),
        ]
        for (header, range) in cases {
            let response = handler.get("/big.bin", ["Range": header])
            #expect(response.status.code == 206, "\(header)")
            #expect(response.headers["Content-Range"] == "bytes \(range.lowerBound)-\(range.upperBound)/\(big.count)")
            #expect(response.body.isFile, "large files go out with sendfile")
            #expect(try response.body.collected() == Array(big[range]), "\(header)")
        }
        // In-memory files too (a request that accepts br gets a range of the br bytes: CompressedRangeTests).
        let js = handler.get("/app.js", ["Range": "bytes=0-9"])
        #expect(js.status.code == 206)
        #expect(js.headers["Content-Encoding"] == nil)
        #expect(js.headers["Vary"] == "Accept-Encoding")
        #expect(try js.body.collected() == Array(DistFixture.script[0...9]))
    }

    @Test func unsatisfiableAndIgnoredRanges() throws {
        let big = try fixture.bytes("big.bin")
        for header in ["bytes=600000-", "bytes=700000-800000", "bytes=-0"] {
            let response = handler.get("/big.bin", ["Range": header])
            #expect(response.status.code == 416, "\(header)")
            #expect(response.headers["Content-Range"] == "bytes */\(big.count)")
        }
        for header in ["bytes=0-1,5-6", "items=0-5", "bytes=9-3", "bytes=abc", "bytes="] {
            let response = handler.get("/big.bin", ["Range": header])
            #expect(response.status.code == 200, "\(header)")
            #expect(response.body.knownCount == big.count, "\(header)")
        }
        #expect(handler.get("/big.bin", ["Range": "bytes=0-1"], method: "HEAD").status.code == 200, "Range is for GET")
    }

    @Test func ifRange() throws {
        let first = handler.get("/big.bin")
        let tag = try #require(first.headers["ETag"])
        let date = try #require(first.headers["Last-Modified"])
        #expect(handler.get("/big.bin", ["Range": "bytes=0-9", "If-Range": tag]).status.code == 206)
        #expect(handler.get("/big.bin", ["Range": "bytes=0-9", "If-Range": date]).status.code == 206)
        #expect(handler.get("/big.bin", ["Range": "bytes=0-9", "If-Range": "\"old\""]).status.code == 200)
        #expect(handler.get("/big.bin", ["Range": "bytes=0-9", "If-Range": "W/\(tag)"]).status.code == 200)
        #expect(
            handler.get("/big.bin", ["Range": "bytes=0-9", "If-Range": "Thu, 01 Jan 1970 00:00:00 GMT"]).status.code
                == 200)
    }

    // MARK: Freshness and memory

    @Test func rebuiltFilesAreSeenOnTheNextRequest() throws {
        let before = handler.get("/app.js", ["Accept-Encoding": "br"])
        #expect(try decodedBody(before) == DistFixture.script)
        // Same size, new content, written in place (the inode stays): ctime/mtime change.
        var changed = DistFixture.script
        changed[0] = UInt8(ascii: "X")
        try fixture.write("app.js", changed)
        let after = handler.get("/app.js", ["Accept-Encoding": "br"])
        #expect(try decodedBody(after) == changed)
        #expect(after.headers["ETag"] != before.headers["ETag"])
        // Replaced by rename, as build tools do.
        let replacement = fixture.root.appendingPathComponent("tmp-app.js")
        try Data("console.log(2)".utf8).write(to: replacement)
        #expect(rename(replacement.path, fixture.root.appendingPathComponent("app.js").path) == 0)
        #expect(try decodedBody(handler.get("/app.js", ["Accept-Encoding": "gzip"])) == Array("console.log(2)".utf8))
        #expect(try handler.get("/app.js").body.collected() == Array("console.log(2)".utf8))
        // Deleted: gone.
        try FileManager.default.removeItem(at: fixture.root.appendingPathComponent("app.js"))
        #expect(handler.get("/app.js").status.code == 404)
    }

    @Test func repeatedPlainRequestsGetTheSameAnswerUntilTheFileChanges() throws {
        let warm = try SiteHandler(directory: fixture.root.path)
        warm.store.waitForBackgroundWork()
        let asks: HTTPHeaders = ["Accept-Encoding": "gzip, br"]
        let first = warm.get("/app.js", asks)
        let again = warm.get("/app.js", asks)
        func lines(_ response: HTTPResponse) -> [String] { response.headers.fields.map { "\($0.name): \($0.value)" } }
        #expect(lines(again) == lines(first))
        #expect(again.headers["Content-Encoding"] == "br")
        #expect(try decodedBody(again) == DistFixture.script)
        // Other Accept-Encoding values are negotiated on their own.
        #expect(warm.get("/app.js", ["Accept-Encoding": "gzip"]).headers["Content-Encoding"] == "gzip")
        #expect(warm.get("/app.js").headers["Content-Encoding"] == nil)
        #expect(warm.get("/app.js", ["Accept-Encoding": "br;q=0, gzip;q=0"]).headers["Content-Encoding"] == nil)
        // Validators and ranges are still evaluated per request.
        let etag = try #require(first.headers["ETag"])
        #expect(warm.get("/app.js", ["Accept-Encoding": "gzip, br", "If-None-Match": etag]).status.code == 304)
        #expect(warm.get("/app.js", ["Range": "bytes=0-3"]).status.code == 206)
        // A rebuild by rename: the next plain request has the new content and a new validator.
        let replacement = fixture.root.appendingPathComponent("tmp-app.js")
        try Data("console.log('rebuilt')".utf8).write(to: replacement)
        #expect(rename(replacement.path, fixture.root.appendingPathComponent("app.js").path) == 0)
        let rebuilt = warm.get("/app.js", asks)
        #expect(try decodedBody(rebuilt) == Array("console.log('rebuilt')".utf8))
        #expect(rebuilt.headers["ETag"] != etag)
    }

    @Test func memoryCacheStaysWithinItsBudget() throws {
        var options = SiteHandler.Options()
        options.precompressAtStart = false
        options.cache.memory = 64 << 10
        let small = try SiteHandler(directory: fixture.root.path, options: options)
        for index in 0..<40 {
            let text = Array(String(repeating: "line \(index) of a generated file\n", count: 400).utf8)
            try fixture.write("gen\(index).js", text)
            #expect(try decodedBody(small.get("/gen\(index).js", ["Accept-Encoding": "br"])) == text)
        }
        small.store.waitForBackgroundWork()
        #expect(small.store.cachedBytes <= 64 << 10 + 20_000, "bounded (one entry may exceed briefly)")
        #expect(
            try decodedBody(small.get("/gen0.js", ["Accept-Encoding": "gzip"])).count == fixture.bytes("gen0.js").count)
    }

    @Test func largeFilesAreSentFromDisk() {
        let response = handler.get("/big.bin")
        #expect(response.body.isFile)
        #expect(!(handler.get("/index.html").body.isFile), "small files go out with their head in one write")
    }
}
