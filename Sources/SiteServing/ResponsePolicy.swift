import DistLayout
import HTTPServer

/// Headers the user asks for on every response, on top of what the site's files decide: their own
/// (`--header`), cross-origin isolation (`--coop-coep`) and CORS for any origin (`--cors`).
public struct ResponsePolicy: Sendable, Equatable {
    /// A user's header (`--header`): DistLayout's, since `export` writes the same ones.
    public typealias Header = CustomHeader
    public typealias HeaderSyntaxError = CustomHeader.SyntaxError

    public var headers: [Header] = []
    /// `Cross-Origin-Opener-Policy: same-origin` and `Cross-Origin-Embedder-Policy: require-corp`: the
    /// page becomes cross-origin isolated (`SharedArrayBuffer`, threaded wasm).
    public var crossOriginIsolation = false
    /// `Access-Control-Allow-Origin: *` on every response, and preflight requests answered.
    public var corsAnyOrigin = false

    public init(headers: [Header] = [], crossOriginIsolation: Bool = false, corsAnyOrigin: Bool = false) {
        self.headers = headers
        self.crossOriginIsolation = crossOriginIsolation
        self.corsAnyOrigin = corsAnyOrigin
    }

    public var isEmpty: Bool { headers.isEmpty && !crossOriginIsolation && !corsAnyOrigin }

    /// The fields this policy adds, in order; a user's header comes last and wins over the flags'.
    var fields: [(name: String, value: String)] {
        var fields: [(name: String, value: String)] = []
        if crossOriginIsolation {
            fields += [("Cross-Origin-Opener-Policy", "same-origin"), ("Cross-Origin-Embedder-Policy", "require-corp")]
        }
        if corsAnyOrigin {
            // CORP too, so another origin's page that is itself cross-origin isolated may embed these files.
            fields += [("Access-Control-Allow-Origin", "*"), ("Cross-Origin-Resource-Policy", "cross-origin")]
        }
        for header in headers {
            fields.removeAll { $0.name.caseInsensitiveEquals(header.name) }
            fields.append((header.name, header.value))
        }
        return fields
    }

    /// The response with the policy's fields, each replacing the server's field of the same name.
    public func apply(to response: HTTPResponse) -> HTTPResponse {
        guard !isEmpty else { return response }
        var response = response
        let fields = fields
        for name in Set(fields.map { $0.name.lowercased() }) { response.headers[name] = nil }
        for field in fields { response.headers.add(field.name, field.value) }
        return response
    }

    /// A CORS preflight (`OPTIONS` with `Access-Control-Request-Method`) when CORS is on: 204 allowing GET
    /// and HEAD and the headers asked for, cached by the browser for a day. Nil for any other request.
    public func preflightResponse(to request: HTTPRequest, allowedMethods: String) -> HTTPResponse? {
        guard corsAnyOrigin, request.method == "OPTIONS", request.headers.contains("Access-Control-Request-Method")
        else {
            return nil
        }
        var headers: HTTPHeaders = [
            "Access-Control-Allow-Methods": allowedMethods,
            "Access-Control-Max-Age": "86400",
            "Vary": "Access-Control-Request-Headers",
        ]
        if let asked = request.headers["Access-Control-Request-Headers"] {
            let names = request.headers.values("Access-Control-Request-Headers")
            if names.allSatisfy({ $0.utf8.allSatisfy(Header.isTokenByte) }), !asked.isEmpty {
                headers["Access-Control-Allow-Headers"] = names.joined(separator: ", ")
            }
        }
        return apply(to: HTTPResponse(status: HTTPStatus(204, "No Content"), headers: headers))
    }
}
