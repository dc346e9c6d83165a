// What a hostile or broken client can and cannot do: framing it may not bend, waits it may not stretch,
// slots it may not keep from others. Deadline rules run on a manual clock; the wire tests check that the
// server applies them.
import Foundation
import HTTPServer
import Synchronization
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite struct ChunkedFramingTests {
    /// Each body must be refused (400, then closed); with a bare LF or an unchecked trailer a front end
    /// that frames it differently would see another request here.
    @Test(arguments: [
        "5\nhello\r\n0\r\n\r\n",  // bare LF after the size line
        "5\r\nhello\n0\r\n\r\n",  // bare LF after chunk data
        "5\r\nhello\r\n0\n\r\n",  // bare LF after the last chunk
        "5\r\nhello\r\n0\r\n\n",  // bare LF ending the trailer section
        "5\r\nhello\r\n0\r\nX-T: a\rb\r\n\r\n",  // bare CR in a trailer
        "5\r\nhello\r\n0\r\nX-T: a\u{1}b\r\n\r\n",  // control byte in a trailer
        "5\r\nhello\r\n0\r\nNoColon\r\n\r\n",  // trailer without a colon
        "5\r\nhello\r\n0\r\nX T: a\r\n\r\n",  // trailer name not a token
        "5\r\nhello\r\n0\r\n: a\r\n\r\n",  // empty trailer name
        "5\r\nhello\r0\r\n\r\n",  // CR without LF after data
    ])
    func malformedChunkedBodiesAreRefused(body: String) throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try WireConnection(port: UInt16(server.port), timeout: 5)
        try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n" + body)
        let response = try client.readResponse()
        #expect(response.status == 400, "\(body.debugDescription)")
        #expect(response.header("Connection") == "close")
        #expect(client.isClosedByPeer())
    }

    @Test func wellFormedTrailersAreAccepted() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try WireConnection(port: UInt16(server.port), timeout: 5)
        try client.send(
            "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\nhello\r\n0\r\nX-Checksum: abc\r\nX-Other:\tvalue with spaces\r\n\r\n")
        let response = try client.readResponse()
        #expect(response.status == 200)
        #expect(String(decoding: response.body, as: UTF8.self) == "hello")
    }
}
