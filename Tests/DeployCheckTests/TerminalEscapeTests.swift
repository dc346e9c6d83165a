import Foundation
import TestSupport
import Testing

/// issue 18 (5): `check` printed a remote server's header values and `integrity` attributes raw, so a
/// hostile deployment could drive the terminal of whoever checks it (retitle it, clear it, recolour it).
/// Every line now goes through the one sanitizer: the escapes show as `\x1b`, none reaches the terminal.
@Suite struct TerminalEscapeTests {
    @Test func checkPrintsARemoteServersEscapesVisibly() throws {
        let page = "<!doctype html><title>t</title><script src=\"/app.js\" integrity=\"\u{1B}[2Jsha0-x\"></script>\n"
        let server = try HostileServer(
            .bytes(
                "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nCache-Control: max-age=9999\u{1B}]0;owned\u{07}\r\n"
                    + "Content-Length: \(page.utf8.count)\r\nConnection: close\r\n\r\n" + page))
        defer { server.stop() }
        let result = try ProcessRunner.gowasmServe(["check", server.url.absoluteString, "--timeout", "5"])
        #expect(
            !result.stdoutText.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 },
            "\(result.stdoutText.debugDescription)")
        #expect(
            !result.stderrText.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 },
            "\(result.stderrText.debugDescription)")
        #expect(result.stdoutText.contains("\\x1b]0;owned\\x07"), "the header value, escaped: \(result.stdoutText)")
        #expect(result.stdoutText.contains("\\x1b[2Jsha0-x"), "the integrity attribute, escaped: \(result.stdoutText)")
    }
}
