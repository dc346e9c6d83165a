import DistLayout
import Foundation

/// A production server's configuration that serves a dist the way `gowasm-serve check` wants it: exact
/// `application/wasm`, the br/gzip siblings with `Vary: Accept-Encoding`, `immutable` for hashed names,
/// `no-cache` for everything else, `nosniff`, the SPA fallback only when asked, and the user's headers.
public enum ExportTarget: String, CaseIterable, Sendable {
    /// A `server {}` block for nginx.
    case nginx
    /// A Caddyfile site block.
    case caddy
    /// A `_headers` file (Netlify, Cloudflare Pages).
    case headers
    /// A shell script of `aws s3 cp` calls.
    case s3
}

public struct ExportOptions: Sendable {
    /// Unknown extensionless paths get `/index.html` (client-side routing), as `serve --spa`.
    public var singlePageApp = false
    /// The user's headers on every response (`--header`, gowasm.toml).
    public var headers: [CustomHeader] = []
    /// nginx `listen` / Caddy site address: a port (`80`) or `host:port`.
    public var listen = "80"
    /// The nginx module file `brotli_static` needs; when it is not there, the block says so and leaves brotli off.
    public var nginxBrotliModule = "/usr/lib/nginx/modules/ngx_http_brotli_static_module.so"

    public init() {}
}

public enum DeployExport {
    /// Names with a content hash, as `CachePolicy.hasContentHash` sees them, as a regular expression over the
    /// request path (PCRE for nginx, RE2 for Caddy): a run of 8+ hex digits between separators in the last segment.
    public static let hashedPathPattern = "[/._~+-][0-9a-fA-F]{8,}([._~+-][^/]*)?$"

    public static func render(_ target: ExportTarget, _ dist: DistInventory, options: ExportOptions = ExportOptions())
        -> String
    {
        switch target {
        case .nginx: nginx(dist, options: options)
        case .caddy: caddy(dist, options: options)
        case .headers: headersFile(dist, options: options)
        case .s3: s3Script(dist, options: options)
        }
    }

    // MARK: - nginx

    static func nginx(_ dist: DistInventory, options: ExportOptions) -> String {
        let brotli = FileManager.default.fileExists(atPath: options.nginxBrotliModule)
        let types = dist.typesByExtension
        var grouped: [(type: String, extensions: [String])] = []
        for (ext, type) in types {
            if let index = grouped.firstIndex(where: { $0.type == type.essence }) {
                grouped[index].extensions.append(ext)
            } else {
                grouped.append((type.essence, [ext]))
            }
        }
        // text/html is in charset_types already; naming it again is a warning at nginx's start.
        let charsetTypes = Set(types.filter { $0.type.hasCharset && !$0.type.isHTML }.map { $0.type.essence }).sorted()
        func headerLines(cache: CachePolicy, indent: String) -> String {
            var lines = [
                "add_header Cache-Control \(quoted(cache.headerValue)) always;",
                "add_header X-Content-Type-Options nosniff always;",
            ]
            // add_header is not inherited into a location that has its own, so each location lists them all.
            if dist.files.contains(where: { $0.hasBrotli || $0.hasGzip }) {
                lines.append("add_header Vary Accept-Encoding always;")
            }
            lines += options.headers.map { "add_header \($0.name) \(quoted($0.value)) always;" }
            return lines.map { indent + $0 }.joined(separator: "\n")
        }
        var text = """
            # gowasm-serve export nginx: serves \(dist.root) as `gowasm-serve check` wants it.
            # Include it in the http {} block of nginx.conf (e.g. /etc/nginx/conf.d/gowasm.conf).

            """
        if brotli {
            text += """
                # brotli_static: the ngx_http_brotli_static module is loadable here (\(options.nginxBrotliModule)).
                # nginx.conf must load it at the top: load_module \(options.nginxBrotliModule);
                # (Debian's libnginx-mod-http-brotli-static does so in /etc/nginx/modules-enabled.)

                """
        } else {
            text += """
                # brotli_static is left out: the ngx_http_brotli_static module is not at \(options.nginxBrotliModule).
                # Install it (Debian: libnginx-mod-http-brotli-static) and export again to serve the .br siblings.

                """
        }
        text += """
            server {
                listen \(options.listen);
                root \(nginxQuoted(dist.root));
                index index.html;

                # Exact types (application/wasm without parameters); UTF-8 on text.
                types {

            """
        for group in grouped { text += "        \(group.type) \(group.extensions.joined(separator: " "));\n" }
        text += """
                }
                default_type application/octet-stream;
                charset utf-8;
            \(charsetTypes.isEmpty ? "" : "    charset_types \(charsetTypes.joined(separator: " "));  # and text/html, always")

                # The .br/.gz siblings `gowasm-serve build` writes, with Vary: Accept-Encoding; never compressed on the fly.
                gzip off;
                gzip_static on;
                gzip_vary on;

            """
        if brotli { text += "    brotli_static on;\n" }
        text += """

                # Content-hashed names never change: cached for a year. Everything else is revalidated.
                location ~ "\(hashedPathPattern)" {
            \(headerLines(cache: .immutable, indent: "        "))
                    try_files $uri =404;
                }

            """
        if options.singlePageApp {
            text += """
                    # Client-side routes: unknown paths without an extension get /index.html.
                    location ~ "/[^/.]*$" {
                \(headerLines(cache: .revalidate, indent: "        "))
                        try_files $uri $uri/ /index.html;
                    }

                """
        }
        text += """
                location / {
            \(headerLines(cache: .revalidate, indent: "        "))
                    try_files $uri $uri/ =404;
                }
            }

            """
        return text
    }

    /// A double-quoted nginx/Caddy string.
    static func quoted(_ value: String) -> String {
        "\"" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    static func nginxQuoted(_ path: String) -> String {
        path.contains(where: { " \t;{}\"'#$".contains($0) }) ? quoted(path) : path
    }

    // MARK: - Caddy

    static func caddy(_ dist: DistInventory, options: ExportOptions) -> String {
        let address = options.listen.allSatisfy(\.isNumber) ? "http://:\(options.listen)" : "http://\(options.listen)"
        var text = """
            # gowasm-serve export caddy: serves \(dist.root) as `gowasm-serve check` wants it.
            # Run it with: caddy run --config Caddyfile --adapter caddyfile
            # For HTTPS, replace the address with the site's name (Caddy then gets a certificate).
            \(address) {
            \troot * \(quoted(dist.root))

            \t# Exact types (application/wasm without parameters); UTF-8 on text.

            """
        for (ext, type) in dist.typesByExtension {
            text += "\t@type_\(identifier(ext)) path *.\(ext)\n"
            text += "\theader @type_\(identifier(ext)) Content-Type \(quoted(type.value))\n"
        }
        text += """

            \t# Content-hashed names never change: cached for a year. Everything else is revalidated.
            \t@hashed path_regexp hashed \(quoted(hashedPathPattern))
            \theader @hashed Cache-Control \(quoted(CachePolicy.immutable.headerValue))
            \t@unhashed not path_regexp \(quoted(hashedPathPattern))
            \theader @unhashed Cache-Control \(quoted(CachePolicy.revalidate.headerValue))
            \theader X-Content-Type-Options nosniff

            """
        // Caddy 2.6 names Accept-Encoding in Vary only on the compressed responses; caches need it on all.
        let negotiated = dist.typesByExtension.filter { $0.type.isCompressible }.map { "*.\($0.extension)" }
        if !negotiated.isEmpty {
            text +=
                "\t@negotiated path \(negotiated.joined(separator: " "))\n\theader @negotiated Vary Accept-Encoding\n"
        }
        for header in options.headers { text += "\theader \(header.name) \(quoted(header.value))\n" }
        if options.singlePageApp {
            text += """

                \t# Client-side routes: unknown paths without an extension get /index.html.
                \t@route {
                \t\tnot path *.*
                \t\tnot file
                \t}
                \trewrite @route /index.html

                """
        }
        text += """

            \t# The .br/.gz siblings `gowasm-serve build` writes (Caddy adds Vary: Accept-Encoding); nothing compressed on the fly.
            \tfile_server {
            \t\tprecompressed br gzip
            \t}
            }

            """
        return text
    }

    static func identifier(_ ext: String) -> String {
        String(ext.map { $0.isLetter || $0.isNumber ? $0 : "_" })
    }

    // MARK: - _headers (Netlify, Cloudflare Pages)

    /// Both hosts join the values of a header that several rules set, so every file gets exactly one
    /// Cache-Control rule of its own and `/*` carries only what is the same everywhere.
    static func headersFile(_ dist: DistInventory, options: ExportOptions) -> String {
        var text = """
            # gowasm-serve export headers: a _headers file for \(dist.root) (Netlify, Cloudflare Pages).
            # Copy it into the published folder. These hosts compress on the fly, so the .br/.gz siblings are not used.

            """
        if options.singlePageApp {
            text += "# Client-side routes: add `/* /index.html 200` to a _redirects file beside it.\n"
        }
        text += "/*\n  X-Content-Type-Options: nosniff\n"
        for header in options.headers { text += "  \(header.name): \(header.value)\n" }
        for file in dist.files {
            var paths = ["/" + file.path]
            if file.path == "index.html" { paths.insert("/", at: 0) }
            if file.path.hasSuffix("/index.html") { paths.insert("/" + file.path.dropLast("index.html".count), at: 0) }
            for path in paths {
                text += "\n\(path)\n  Cache-Control: \(file.cache.headerValue)\n"
                if file.type.essence == "application/wasm" { text += "  Content-Type: application/wasm\n" }
            }
        }
        return text
    }

    // MARK: - S3

    /// S3 cannot negotiate: each object has one body. HTML and unhashed files go up as they are; a file with a
    /// .gz sibling goes up as that gzip body with `Content-Encoding: gzip` (every browser accepts gzip, over
    /// http too, where browsers do not offer br).
    static func s3Script(_ dist: DistInventory, options: ExportOptions) -> String {
        var text = """
            #!/bin/sh
            # gowasm-serve export s3: uploads \(dist.root) with a Content-Type, Content-Encoding and Cache-Control
            # per file. Run it as: BUCKET=s3://my-bucket/prefix sh upload.sh
            # S3 sends no X-Content-Type-Options or custom headers: add them with a CloudFront response headers policy.
            set -eu
            : "${BUCKET:?set BUCKET=s3://bucket[/prefix]}"
            DIST=\(shellQuoted(dist.root))

            """
        // The pages last: a visitor never gets a page whose files are not there yet.
        let ordered = dist.files.filter { !$0.isHTML } + dist.files.filter(\.isHTML)
        for file in ordered {
            let source = file.hasGzip ? file.path + ".gz" : file.path
            var line = "aws s3 cp \"$DIST\"/\(shellQuoted(source)) \"$BUCKET\"/\(shellQuoted(file.path))"
            line += " --content-type \(shellQuoted(file.type.value))"
            if file.hasGzip { line += " --content-encoding gzip" }
            line += " --cache-control \(shellQuoted(file.cache.headerValue))"
            text += line + "\n"
        }
        return text
    }

    /// Single-quoted for sh: safe for any bytes but NUL.
    static func shellQuoted(_ text: String) -> String {
        if !text.isEmpty, text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "/._-+=:,@".contains($0)) }) {
            return text
        }
        return "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
