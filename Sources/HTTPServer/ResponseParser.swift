// The client's half of HTTP/1.1 parsing, for a server that forwards requests to another (the dev server's
// proxy): a response head and a chunked body, read with the request parser's own line and field rules.

/// A response head as read from a server.
public struct HTTPResponseHead: Sendable {
    public var version: HTTPVersion
    public var status: HTTPStatus
    public var headers: HTTPHeaders

    public init(version: HTTPVersion, status: HTTPStatus, headers: HTTPHeaders) {
        self.version = version
        self.status = status
        self.headers = headers
    }
}

/// Why bytes from a server are not an HTTP/1.1 message we can forward.
public struct HTTPParseError: Error, Sendable, CustomStringConvertible {
    public let reason: String
    public var description: String { reason }
    init(_ error: RequestError) { reason = error.reason }
    public init(_ reason: String) { self.reason = reason }
}

public enum ResponseHeadParser {
    /// Parses the response head at the start of `buffer`: nil while it is incomplete, else the head and
    /// the bytes it took. A head over `maxSize` bytes, or malformed, throws.
    public static func parse(
        _ buffer: UnsafeBufferPointer<UInt8>, maxSize: Int
    ) throws(HTTPParseError) -> (head: HTTPResponseHead, length: Int)? {
        let limits = ParserLimits(
            maxRequestLineLength: 8 * 1024, maxHeaderBlockSize: maxSize, maxHeaderCount: 1000, maxBodySize: 0)
        do {
            var scanFrom = 0
            guard
                case .complete(let end) = try RequestParser.scanHead(
                    buffer, start: 0, scanFrom: &scanFrom, limits: limits)
            else { return nil }
            var lines = LineReader(buffer: buffer, position: 0, end: end)
            guard let statusLine = try lines.next() else { throw HTTPParseError("empty response") }
            let (version, status) = try parseStatusLine(buffer, statusLine)
            var headers = HTTPHeaders()
            while let line = try lines.next(), !line.isEmpty {
                let (name, value) = try RequestParser.parseField(buffer, line)
                headers.add(name, value)
            }
            return (HTTPResponseHead(version: version, status: status, headers: headers), end)
        } catch let error as RequestError {
            throw HTTPParseError(error)
        } catch let error as HTTPParseError {
            throw error
        } catch {
            throw HTTPParseError("\(error)")
        }
    }

    /// `HTTP/1.x SP 3DIGIT SP [reason]` (RFC 9112 §4).
    private static func parseStatusLine(
        _ buffer: UnsafeBufferPointer<UInt8>, _ line: Range<Int>
    ) throws(HTTPParseError) -> (HTTPVersion, HTTPStatus) {
        let bytes = Array(UnsafeBufferPointer(rebasing: buffer[line]))
        guard bytes.count >= 12, bytes.starts(with: Array("HTTP/1.".utf8)), bytes[7] == 0x30 || bytes[7] == 0x31,
            bytes[8] == 0x20, bytes[9...11].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
            bytes.count == 12 || bytes[12] == 0x20
        else { throw HTTPParseError("malformed status line") }
        let code = bytes[9...11].reduce(0) { $0 * 10 + Int($1 - 0x30) }  // gowasm: allow-trap: three digits, checked by the guard above (at most 999)
        let reason = bytes.count > 13 ? String(decoding: bytes[13...], as: UTF8.self) : ""
        return (HTTPVersion(major: 1, minor: Int(bytes[7] - 0x30)), HTTPStatus(code, reason))  // gowasm: allow-trap: bytes[7] is "0" or "1", checked by the guard above
    }
}

/// Decodes a chunked body as it arrives (RFC 9112 §7.1), with no limit on its total size: the caller passes
/// the data on and empties `body` between calls.
public struct ChunkedBodyDecoder: Sendable {
    private var decoder = ChunkedDecoder(maxBodySize: Int.max, maxTrailerSize: 64 * 1024)

    public init() {}

    public var isDone: Bool { decoder.isDone }

    /// Consumes what it can of `buffer[position...]`, appending chunk data to `body`; returns the new position.
    public mutating func decode(
        _ buffer: UnsafeBufferPointer<UInt8>, from position: Int, into body: inout [UInt8]
    ) throws(HTTPParseError) -> Int {
        do {
            // The limit is checked against what `body` holds now: with an empty body each call starts afresh.
            return try decoder.decode(buffer, from: position, into: &body)
        } catch {
            throw HTTPParseError(error)
        }
    }
}
