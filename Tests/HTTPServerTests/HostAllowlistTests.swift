import HTTPServer
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The decision of issue 18 (6) alone: which `Host` a development server answers (DNS rebinding).
@Suite struct HostAllowlistTests {
    let allowlist = HostAllowlist(names: ["Box.Local", "my-box", ".example.com"])

    @Test func localNamesAndIPLiteralsAreAlwaysAnswered() {
        for host in [
            "localhost", "LOCALHOST:8080", "localhost.", "app.localhost", "a.b.localhost:1", "127.0.0.1",
            "127.0.0.1:8080",
            "192.168.1.20:8080", "10.0.0.1", "[::1]", "[::1]:8080", "[fe80::1]:80", "[2001:db8::1]",
        ] {
            #expect(HostAllowlist(names: []).allows(host: host), "\(host)")
        }
        #expect(HostAllowlist(names: []).allows(host: nil), "HTTP/1.0 without Host: not a browser")
    }

    @Test func namesGivenAndDomainsAreAnswered() {
        for host in ["box.local", "BOX.LOCAL:80", "my-box", "example.com", "a.example.com:443", "a.b.example.com"] {
            #expect(allowlist.allows(host: host), "\(host)")
        }
    }

    @Test func everythingElseIsRefused() {
        for host in [
            "evil.example", "evil.example:8080", "localhost.evil.example", "127.0.0.1.evil.example", "notexample.com",
            "example.com.evil", "my-box.evil", "", ":8080", "[::1", "[nonsense]", "[::1]x", "localhost:99999999",
            "localhost:abc",
            "1.2.3", "0x7f.1",
        ] {
            #expect(!allowlist.allows(host: host), "\(host)")
        }
    }

    @Test func allTurnsTheCheckOff() {
        let open = HostAllowlist(names: ["ALL"])
        #expect(open.anyHost)
        #expect(open.allows(host: "evil.example"))
        #expect(!allowlist.anyHost)
    }

    @Test func aRefusalIsOneLineNamingTheFlag() throws {
        let handler = HostCheckingHandler(allowlist: allowlist, wrapping: Answer())
        let refused = handler.response(
            to: HTTPRequest(method: "GET", target: "/", path: "/", headers: ["Host": "evil.example:8080"]))
        #expect(refused.status == .forbidden)
        guard case .bytes(let body) = refused.body else { Issue.record("no body"); return }
        let text = String(decoding: body, as: UTF8.self)
        #expect(text.hasSuffix("\n") && text.dropLast().split(separator: "\n").count == 1)
        #expect(text.contains("--allowed-host evil.example"))
        // Markup or control characters in the Host are never echoed.
        let hostile = handler.response(
            to: HTTPRequest(method: "GET", target: "/", path: "/", headers: ["Host": "<b>x\u{1B}"]))
        guard case .bytes(let hostileBody) = hostile.body else { Issue.record("no body"); return }
        #expect(!String(decoding: hostileBody, as: UTF8.self).contains("<"))
        let allowed = handler.response(
            to: HTTPRequest(method: "GET", target: "/", path: "/", headers: ["Host": "localhost"]))
        #expect(allowed.status == .ok)
        // A refused request's body is never read (streamed, then the connection closes).
        #expect(
            handler.streamsBody(
                of: HTTPRequest(method: "POST", target: "/", path: "/", headers: ["Host": "evil.example"])))
        #expect(
            !handler.streamsBody(
                of: HTTPRequest(method: "POST", target: "/", path: "/", headers: ["Host": "localhost"])))
    }

    struct Answer: HTTPHandler {
        func respond(to request: HTTPRequest, reply: HTTPReply) { reply.send(HTTPResponse(status: .ok)) }
    }
}
