// HTTP/1.1 request parsing (RFC 9112) straight from bytes: no regex, no Foundation, one pass over the head.
// Anything a strict reading of the grammar rejects becomes a `RequestError` carrying the status to answer with;
// the connection then closes, so a confused peer cannot smuggle a second request past us.

import InputSafety

/// Why a request cannot be served, as the status the client gets.
struct RequestError: Error {
    let status: HTTPStatus
    let reason: String
    init(_ status: HTTPStatus, _ reason: String) {
        self.status = status
        self.reason = reason
    }
}

/// How the request body is delimited (RFC 9112 §6.3).
enum BodyFraming: Equatable {
    case none
    case length(Int)
    case chunked
}

/// A parsed request head plus the framing and connection decisions derived from it.
struct RequestHead {
    var method: String
    var target: String
    var path: String
    var query: String?
    var version: HTTPVersion
    var headers: HTTPHeaders
    var framing: BodyFraming
    var keepAlive: Bool
    var expectsContinue: Bool
}

/// The limits the parser enforces (a view of `HTTPServer.Configuration`).
struct ParserLimits {
    var maxRequestLineLength: Int
    var maxHeaderBlockSize: Int
    var maxHeaderCount: Int
    var maxBodySize: Int
}

private enum ASCII {
    static let cr: UInt8 = 0x0D
    static let lf: UInt8 = 0x0A
    static let space: UInt8 = 0x20
    static let tab: UInt8 = 0x09
    static let colon: UInt8 = 0x3A
    static let semicolon: UInt8 = 0x3B

    /// tchar (RFC 9110 §5.6.2), as a 128-entry table so the check is one load.
    static let isTokenTable: [Bool] = (0..<128).map { byte in
        let c = UInt8(byte)  // gowasm: allow-trap: byte ranges over 0..<128 (our own table)
        switch c {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: return true
        default: return Array("!#$%&'*+-.^_`|~".utf8).contains(c)
        }
    }

    @inline(__always) static func isToken(_ c: UInt8) -> Bool { c < 128 && isTokenTable[Int(c)] }  // gowasm: allow-trap: UInt8 widened to Int

    /// field-vchar / SP / HTAB / obs-text: everything but CTLs and DEL.
    @inline(__always) static func isFieldValue(_ c: UInt8) -> Bool {
        c == tab || (c >= 0x20 && c != 0x7F)
    }

    @inline(__always) static func hexValue(_ c: UInt8) -> Int? {
        switch c {
        case 0x30...0x39: Int(c - 0x30)  // gowasm: allow-trap: c is within the case's range, so the difference is 0...9
        case 0x41...0x46: Int(c - 0x41 + 10)  // gowasm: allow-trap: c is within the case's range
        case 0x61...0x66: Int(c - 0x61 + 10)  // gowasm: allow-trap: c is within the case's range
        default: nil
        }
    }
}

enum HeadScan {
    case incomplete
    /// The head spans `buffer[start..<end]` including its terminating empty line.
    case complete(end: Int)
}

enum RequestParser {
    /// Looks for the empty line ending a head that starts at `start`, resuming at `scanFrom`.
    /// Throws 414/431 as soon as the buffered bytes prove a limit is exceeded, without waiting for more.
    static func scanHead(
        _ buffer: UnsafeBufferPointer<UInt8>, start: Int, scanFrom: inout Int, limits: ParserLimits
    ) throws(RequestError) -> HeadScan {
        var index = max(scanFrom, start)
        let end = buffer.count
        while index < end {
            if buffer[index] == ASCII.lf {
                if index + 1 < end, buffer[index + 1] == ASCII.lf { return .complete(end: index + 2) }
                if index + 2 < end, buffer[index + 1] == ASCII.cr, buffer[index + 2] == ASCII.lf {
                    return .complete(end: index + 3)
                }
                if index + 2 >= end { break }  // the terminator may still be arriving
            }
            index += 1
        }
        scanFrom = max(start, index)

        // No complete head yet: is what we have already over a limit?
        let requestLineEnd = firstLineFeed(buffer, from: start, to: end)
        let requestLineLength = (requestLineEnd ?? end) - start
        if requestLineLength > limits.maxRequestLineLength + 1 {
            throw RequestError(.uriTooLong, "request line longer than \(limits.maxRequestLineLength) bytes")
        }
        if let requestLineEnd, end - (requestLineEnd + 1) > limits.maxHeaderBlockSize + 2 {
            throw RequestError(
                .requestHeaderFieldsTooLarge, "header block larger than \(limits.maxHeaderBlockSize) bytes")
        }
        return .incomplete
    }

    private static func firstLineFeed(_ buffer: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Int? {
        var index = from
        while index < to {
            if buffer[index] == ASCII.lf { return index }
            index += 1
        }
        return nil
    }

    /// Parses a complete head (`buffer[start..<end]`, as found by `scanHead`).
    static func parseHead(
        _ buffer: UnsafeBufferPointer<UInt8>, start: Int, end: Int, limits: ParserLimits
    ) throws(RequestError) -> RequestHead {
        var lines = LineReader(buffer: buffer, position: start, end: end)
        guard let requestLine = try lines.next() else { throw RequestError(.badRequest, "empty request") }
        if requestLine.count > limits.maxRequestLineLength {
            throw RequestError(.uriTooLong, "request line longer than \(limits.maxRequestLineLength) bytes")
        }
        let (method, target, version) = try parseRequestLine(buffer, requestLine)

        var headers = HTTPHeaders()
        var headerBytes = 0
        var hostCount = 0
        var contentLength: Int?
        var transferCodings: [String] = []
        var sawTransferEncoding = false
        var keepAlive = version.minor >= 1
        var expectsContinue = false

        while let line = try lines.next() {
            if line.isEmpty { break }
            headerBytes += line.count + 2
            if headerBytes > limits.maxHeaderBlockSize {
                throw RequestError(
                    .requestHeaderFieldsTooLarge, "header block larger than \(limits.maxHeaderBlockSize) bytes")
            }
            if headers.fields.count >= limits.maxHeaderCount {
                throw RequestError(.requestHeaderFieldsTooLarge, "more than \(limits.maxHeaderCount) header fields")
            }
            let (name, value) = try parseField(buffer, line)
            headers.add(name, value)

            switch name.utf8.count {
            case 4 where name.caseInsensitiveEquals("host"):
                hostCount += 1
            case 14 where name.caseInsensitiveEquals("content-length"):
                contentLength = try mergeContentLength(value, into: contentLength)
            case 17 where name.caseInsensitiveEquals("transfer-encoding"):
                sawTransferEncoding = true
                transferCodings += value.split(separator: ",").map { $0.trimmingHTTPWhitespace().lowercased() }
            case 10 where name.caseInsensitiveEquals("connection"):
                for option in value.split(separator: ",") {
                    let token = option.trimmingHTTPWhitespace()
                    if token.caseInsensitiveEquals("close") {
                        keepAlive = false
                    } else if token.caseInsensitiveEquals("keep-alive"), version.minor == 0 {
                        keepAlive = true
                    }
                }
            case 6 where name.caseInsensitiveEquals("expect") && version.minor >= 1:
                // A 1.0 client cannot have meant 100-continue (RFC 9110 §10.1.1): ignore it there.
                for expectation in value.split(separator: ",") {
                    guard expectation.trimmingHTTPWhitespace().caseInsensitiveEquals("100-continue") else {
                        throw RequestError(.expectationFailed, "unsupported expectation \(value)")
                    }
                    expectsContinue = true
                }
            default:
                break
            }
        }
        // A Connection: close request still ends after its response; any other framing header decides.
        if version.minor >= 1, hostCount == 0 { throw RequestError(.badRequest, "missing Host header") }
        if hostCount > 1 { throw RequestError(.badRequest, "more than one Host header") }

        let framing: BodyFraming
        if sawTransferEncoding {
            if contentLength != nil {
                throw RequestError(.badRequest, "both Transfer-Encoding and Content-Length")
            }
            if version.minor == 0 { throw RequestError(.badRequest, "Transfer-Encoding in an HTTP/1.0 request") }
            guard transferCodings.last == "chunked" else {
                throw RequestError(.badRequest, "Transfer-Encoding does not end in chunked")
            }
            guard transferCodings.count == 1 else {
                throw RequestError(
                    .notImplemented, "unsupported transfer coding \(transferCodings.joined(separator: ", "))")
            }
            framing = .chunked
        } else if let contentLength, contentLength > 0 {
            if contentLength > limits.maxBodySize {
                throw RequestError(.contentTooLarge, "body larger than \(limits.maxBodySize) bytes")
            }
            framing = .length(contentLength)
        } else {
            framing = .none
        }

        let (path, query) = try splitTarget(target, method: method)
        return RequestHead(
            method: method, target: target, path: path, query: query, version: version, headers: headers,
            framing: framing, keepAlive: keepAlive, expectsContinue: expectsContinue && framing != .none)
    }

    // MARK: Request line

    private static func parseRequestLine(
        _ buffer: UnsafeBufferPointer<UInt8>, _ line: Range<Int>
    ) throws(RequestError) -> (String, String, HTTPVersion) {
        var index = line.lowerBound
        while index < line.upperBound, ASCII.isToken(buffer[index]) { index += 1 }
        guard index > line.lowerBound, index < line.upperBound, buffer[index] == ASCII.space else {
            throw RequestError(.badRequest, "malformed method")
        }
        let method = String(decoding: UnsafeBufferPointer(rebasing: buffer[line.lowerBound..<index]), as: UTF8.self)
        index += 1

        let targetStart = index
        while index < line.upperBound, buffer[index] > 0x20, buffer[index] < 0x7F { index += 1 }
        guard index > targetStart, index < line.upperBound, buffer[index] == ASCII.space else {
            throw RequestError(.badRequest, "malformed request target")
        }
        let target = String(decoding: UnsafeBufferPointer(rebasing: buffer[targetStart..<index]), as: UTF8.self)
        index += 1

        // HTTP-version = "HTTP/" DIGIT "." DIGIT, and nothing after it.
        let version = UnsafeBufferPointer(rebasing: buffer[index..<line.upperBound])
        let prefix: [UInt8] = Array("HTTP/".utf8)
        guard version.count == 8, version.starts(with: prefix), version[6] == UInt8(ascii: "."),
            let major = digit(version[5]), let minor = digit(version[7])
        else { throw RequestError(.badRequest, "malformed HTTP version") }
        guard major == 1 else {
            throw RequestError(.httpVersionNotSupported, "HTTP/\(major).\(minor) is not supported")
        }
        return (method, target, HTTPVersion(major: 1, minor: minor))
    }

    @inline(__always) private static func digit(_ c: UInt8) -> Int? {
        c >= 0x30 && c <= 0x39 ? Int(c - 0x30) : nil  // gowasm: allow-trap: a digit, checked on this line
    }

    /// origin-form, absolute-form (path extracted), asterisk-form for OPTIONS, authority-form for CONNECT.
    private static func splitTarget(_ target: String, method: String) throws(RequestError) -> (String, String?) {
        var rest = Substring(target)
        if target == "*" {
            guard method == "OPTIONS" else { throw RequestError(.badRequest, "* target outside OPTIONS") }
            return ("*", nil)
        }
        if method == "CONNECT" { return (target, nil) }
        if !target.hasPrefix("/") {
            let afterScheme: Substring
            if target.utf8.count > 7, target.prefix(7).caseInsensitiveEquals("http://") {
                afterScheme = target.dropFirst(7)
            } else if target.utf8.count > 8, target.prefix(8).caseInsensitiveEquals("https://") {
                afterScheme = target.dropFirst(8)
            } else {
                throw RequestError(.badRequest, "malformed request target")
            }
            guard let pathStart = afterScheme.firstIndex(where: { $0 == "/" || $0 == "?" }) else { return ("/", nil) }
            rest = afterScheme[pathStart...]
            if rest.first == "?" { rest = "/" + rest }
        }
        // Bytes, not Characters: grapheme breaking here cost more than the rest of the request line.
        if let mark = rest.utf8.firstIndex(of: UInt8(ascii: "?")) {
            return (String(rest[..<mark]), String(rest[rest.utf8.index(after: mark)...]))
        }
        return (String(rest), nil)
    }

    // MARK: Fields

    static func parseField(
        _ buffer: UnsafeBufferPointer<UInt8>, _ line: Range<Int>
    ) throws(RequestError) -> (String, String) {
        let first = buffer[line.lowerBound]
        if first == ASCII.space || first == ASCII.tab {
            throw RequestError(.badRequest, "obsolete line folding")
        }
        var index = line.lowerBound
        while index < line.upperBound, ASCII.isToken(buffer[index]) { index += 1 }
        guard index > line.lowerBound, index < line.upperBound, buffer[index] == ASCII.colon else {
            throw RequestError(.badRequest, "malformed header field name")
        }
        let name = String(decoding: UnsafeBufferPointer(rebasing: buffer[line.lowerBound..<index]), as: UTF8.self)
        var valueStart = index + 1
        var valueEnd = line.upperBound
        while valueStart < valueEnd, buffer[valueStart] == ASCII.space || buffer[valueStart] == ASCII.tab {
            valueStart += 1
        }
        while valueEnd > valueStart, buffer[valueEnd - 1] == ASCII.space || buffer[valueEnd - 1] == ASCII.tab {
            valueEnd -= 1
        }
        for position in valueStart..<valueEnd where !ASCII.isFieldValue(buffer[position]) {
            throw RequestError(.badRequest, "invalid character in header \(name)")
        }
        let value = String(decoding: UnsafeBufferPointer(rebasing: buffer[valueStart..<valueEnd]), as: UTF8.self)
        return (name, value)
    }

    /// Content-Length may repeat (as fields or a list) only with one value (RFC 9112 §6.3 item 5).
    private static func mergeContentLength(_ value: String, into current: Int?) throws(RequestError) -> Int {
        var result = current
        for item in value.split(separator: ",", omittingEmptySubsequences: false) {
            let digits = item.trimmingHTTPWhitespace()
            guard !digits.isEmpty, digits.utf8.count <= 18, digits.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
                let length = Int(digits, radix: 10)
            else { throw RequestError(.badRequest, "invalid Content-Length") }
            if let result, result != length { throw RequestError(.badRequest, "conflicting Content-Length values") }
            result = length
        }
        guard let result else { throw RequestError(.badRequest, "invalid Content-Length") }
        return result
    }
}

/// Splits a head into lines ending in CRLF (or a lone LF, which RFC 9112 §2.2 allows us to accept).
/// A CR anywhere else is a bare CR and rejected; so is NUL, which `parseField` rejects as a CTL.
struct LineReader {
    let buffer: UnsafeBufferPointer<UInt8>
    var position: Int
    let end: Int

    mutating func next() throws(RequestError) -> Range<Int>? {
        guard position < end else { return nil }
        let start = position
        var index = position
        while index < end {
            let byte = buffer[index]
            if byte == 0x0A {
                position = index + 1
                return start..<index
            }
            if byte == 0x0D {
                guard index + 1 < end, buffer[index + 1] == 0x0A else {
                    throw RequestError(.badRequest, "bare CR in request head")
                }
                position = index + 2
                return start..<index
            }
            if byte == 0 { throw RequestError(.badRequest, "NUL in request head") }
            index += 1
        }
        throw RequestError(.badRequest, "unterminated line")
    }
}

/// Decodes a chunked body incrementally (RFC 9112 §7.1), bounded by the body limit.
struct ChunkedDecoder {
    private enum State {
        case size
        case data(remaining: Int)
        case dataEnd
        case trailer
        case done
    }

    private var state = State.size
    private var trailerBytes = 0
    /// Data bytes announced so far (a streamed body is taken out as it goes, so `body.count` cannot say).
    private var announced = 0
    let maxBodySize: Int
    let maxTrailerSize: Int
    private static let maxChunkLineLength = 4096

    init(maxBodySize: Int, maxTrailerSize: Int) {
        self.maxBodySize = maxBodySize
        self.maxTrailerSize = maxTrailerSize
    }

    var isDone: Bool {
        if case .done = state { return true }
        return false
    }

    /// Consumes what it can from `buffer[position...]`, appending data to `body`. Returns the new position.
    mutating func decode(
        _ buffer: UnsafeBufferPointer<UInt8>, from position: Int, into body: inout [UInt8]
    ) throws(RequestError) -> Int {
        var index = position
        let end = buffer.count
        while index < end {
            switch state {
            case .size:
                guard let lineEnd = try lineEnd(buffer, from: index, limit: Self.maxChunkLineLength) else {
                    if end - index > Self.maxChunkLineLength {
                        throw RequestError(.badRequest, "chunk size line too long")
                    }
                    return index
                }
                let size = try parseChunkSize(buffer, index..<lineEnd.content)
                index = lineEnd.next
                if size == 0 {
                    state = .trailer
                } else {
                    guard size <= maxBodySize - announced else {
                        throw RequestError(.contentTooLarge, "body larger than \(maxBodySize) bytes")
                    }
                    announced += size
                    state = .data(remaining: size)
                }
            case .data(let remaining):
                let take = min(remaining, end - index)
                body.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[index..<(index + take)]))
                index += take
                state = take == remaining ? .dataEnd : .data(remaining: remaining - take)
            case .dataEnd:
                // Exactly CRLF: a front end that ends chunk data at a bare LF would frame the rest differently.
                guard buffer[index] == ASCII.cr else {
                    throw RequestError(.badRequest, "chunk data not followed by CRLF")
                }
                guard index + 1 < end else { return index }
                guard buffer[index + 1] == ASCII.lf else {
                    throw RequestError(.badRequest, "chunk data not followed by CRLF")
                }
                index += 2
                state = .size
            case .trailer:
                // Trailer fields are checked like header fields, then dropped: nothing here needs them.
                guard let lineEnd = try lineEnd(buffer, from: index, limit: maxTrailerSize) else {
                    if end - index > maxTrailerSize {
                        throw RequestError(.requestHeaderFieldsTooLarge, "trailer too large")
                    }
                    return index
                }
                trailerBytes += lineEnd.next - index
                if trailerBytes > maxTrailerSize {
                    throw RequestError(.requestHeaderFieldsTooLarge, "trailer too large")
                }
                let isEmpty = lineEnd.content == index
                if !isEmpty { try Self.checkTrailerField(buffer, index..<lineEnd.content) }
                index = lineEnd.next
                if isEmpty {
                    state = .done
                    return index
                }
            case .done:
                return index
            }
        }
        return index
    }

    /// Finds the end of a line starting at `from`: `content` is where the line's text ends, `next` after its
    /// CRLF. Inside a body only CRLF ends a line (RFC 9112 §7.1): a bare LF or CR is refused, not guessed at.
    private func lineEnd(
        _ buffer: UnsafeBufferPointer<UInt8>, from: Int, limit: Int
    ) throws(RequestError) -> (content: Int, next: Int)? {
        var index = from
        let end = min(buffer.count, from + limit + 2)
        while index < end {
            switch buffer[index] {
            case ASCII.lf:
                throw RequestError(.badRequest, "bare LF in chunked framing")
            case ASCII.cr:
                guard index + 1 < buffer.count else { return nil }
                guard buffer[index + 1] == ASCII.lf else {
                    throw RequestError(.badRequest, "bare CR in chunked framing")
                }
                return (index, index + 2)
            default:
                index += 1
            }
        }
        return nil
    }

    /// A trailer line is a header field (RFC 9112 §7.1.2): token, colon, field value without CTLs.
    private static func checkTrailerField(_ buffer: UnsafeBufferPointer<UInt8>, _ line: Range<Int>) throws(RequestError)
    {
        var index = line.lowerBound
        while index < line.upperBound, ASCII.isToken(buffer[index]) { index += 1 }
        guard index > line.lowerBound, index < line.upperBound, buffer[index] == ASCII.colon else {
            throw RequestError(.badRequest, "malformed trailer field")
        }
        for position in (index + 1)..<line.upperBound where !ASCII.isFieldValue(buffer[position]) {
            throw RequestError(.badRequest, "invalid character in trailer field")
        }
    }

    /// chunk-size [ chunk-ext ]: hex digits, then optional `;ext` (ignored, but no CTLs).
    private func parseChunkSize(_ buffer: UnsafeBufferPointer<UInt8>, _ line: Range<Int>) throws(RequestError) -> Int {
        var size = 0
        var index = line.lowerBound
        while index < line.upperBound, let digit = ASCII.hexValue(buffer[index]) {
            guard size <= (Int.max >> 4) else { throw RequestError(.contentTooLarge, "chunk size overflows") }
            size = size << 4 | digit
            index += 1
        }
        guard index > line.lowerBound else { throw RequestError(.badRequest, "invalid chunk size") }
        while index < line.upperBound, buffer[index] == ASCII.space || buffer[index] == ASCII.tab { index += 1 }
        if index < line.upperBound {
            guard buffer[index] == ASCII.semicolon else { throw RequestError(.badRequest, "invalid chunk size") }
            for position in index..<line.upperBound where !ASCII.isFieldValue(buffer[position]) {
                throw RequestError(.badRequest, "invalid chunk extension")
            }
        }
        return size
    }
}
