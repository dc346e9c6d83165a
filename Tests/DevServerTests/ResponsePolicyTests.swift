import Foundation
import HTTPServer
import SiteServing
import TestSupport
import Testing

/// The response policy on its own: parsing, replacement, preflight.
@Suite struct ResponsePolicyTests {
    @Test func headerParsing() throws {
        let header = try ResponsePolicy.Header(parsing: "X-Thing:   a, b  ")
        #expect(header.name == "X-Thing")
        #expect(header.value == "a, b")
        #expect(throws: ResponsePolicy.HeaderSyntaxError.badValue(name: "X")) {
            try ResponsePolicy.Header(parsing: "X: a\r\nInjected: 1")
        }
        #expect(throws: ResponsePolicy.HeaderSyntaxError.framing("transfer-encoding")) {
            try ResponsePolicy.Header(parsing: "transfer-encoding: chunked")
        }
    }

    @Test func appliedFieldsReplaceTheServersAndComeOnce() throws {
        let policy = ResponsePolicy(
            headers: [
                try .init(parsing: "Cross-Origin-Embedder-Policy: credentialless"), try .init(parsing: "Vary: Origin"),
            ],
            crossOriginIsolation: true, corsAnyOrigin: true)
        let response = policy.apply(
            to: HTTPResponse(status: .ok, headers: ["Vary": "Accept-Encoding", "Content-Type": "text/html"]))
        let fields = response.headers.fields.map { "\($0.name): \($0.value)" }
        #expect(
            fields == [
                "Content-Type: text/html", "Cross-Origin-Opener-Policy: same-origin", "Access-Control-Allow-Origin: *",
                "Cross-Origin-Resource-Policy: cross-origin", "Cross-Origin-Embedder-Policy: credentialless",
                "Vary: Origin",
            ])
        #expect(
            ResponsePolicy().apply(to: response).headers.fields.count == fields.count, "an empty policy changes nothing"
        )
    }

    @Test func preflightOnlyWithCORS() {
        let request = HTTPRequest(
            method: "OPTIONS", target: "/x", path: "/x",
            headers: [
                "Origin": "http://a", "Access-Control-Request-Method": "GET",
                "Access-Control-Request-Headers": "bad header",
            ])
        #expect(ResponsePolicy().preflightResponse(to: request, allowedMethods: "GET, HEAD") == nil)
        let answer = ResponsePolicy(corsAnyOrigin: true).preflightResponse(to: request, allowedMethods: "GET, HEAD")
        #expect(answer?.status.code == 204)
        #expect(answer?.headers["Access-Control-Allow-Headers"] == nil, "names that are not tokens are not echoed")
        let get = HTTPRequest(
            method: "GET", target: "/x", path: "/x", headers: ["Access-Control-Request-Method": "GET"])
        #expect(ResponsePolicy(corsAnyOrigin: true).preflightResponse(to: get, allowedMethods: "GET, HEAD") == nil)
    }
}
