// Serializing response heads: status line, Date, the handler's fields, and the framing the server owns.
import DistLayout
import Glibc
import Synchronization

/// How the server delimits a response body on the wire.
enum ResponseFraming: Equatable {
    /// `Content-Length: n` (also for HEAD, where the body itself is not sent).
    case length(Int)
    /// `Transfer-Encoding: chunked` (a stream on HTTP/1.1).
    case chunked
    /// No length: the body ends when the connection closes (a stream on HTTP/1.0).
    case closeDelimited
    /// No body and no length field (1xx, 204, 304).
    case bodiless
}

enum ResponseHead {
    /// Fields a handler may not set because the server owns framing and connection management.
    private static func isServerOwned(_ name: String) -> Bool {
        switch name.utf8.count {
        case 4: name.caseInsensitiveEquals("date")
        case 10: name.caseInsensitiveEquals("connection") || name.caseInsensitiveEquals("keep-alive")
        case 14: name.caseInsensitiveEquals("content-length")
        case 17: name.caseInsensitiveEquals("transfer-encoding")
        default: false
        }
    }

    /// A field whose name or value carries CR, LF or NUL would split the response: it is dropped.
    private static func isSafe(_ text: String) -> Bool {
        !text.utf8.contains { $0 == 0x0D || $0 == 0x0A || $0 == 0 }
    }

    static func encode(
        status: HTTPStatus, headers: HTTPHeaders, framing: ResponseFraming, connection: ConnectionField,
        into bytes: inout [UInt8]
    ) {
        bytes.append(contentsOf: "HTTP/1.1 ".utf8)
        appendDecimal(status.code, to: &bytes)
        bytes.append(0x20)
        bytes.append(contentsOf: status.reason.utf8)
        bytes.append(contentsOf: "\r\nDate: ".utf8)
        CurrentDate.shared.append(to: &bytes)
        bytes.append(contentsOf: "\r\n".utf8)
        if let wireForm = headers.wireForm {
            bytes.append(contentsOf: wireForm.bytes)
        } else {
            encodeFields(headers.fields, into: &bytes)
        }
        switch framing {
        case .length(let count):
            bytes.append(contentsOf: "Content-Length: ".utf8)
            appendDecimal(count, to: &bytes)
            bytes.append(contentsOf: "\r\n".utf8)
        case .chunked:
            bytes.append(contentsOf: "Transfer-Encoding: chunked\r\n".utf8)
        case .closeDelimited, .bodiless:
            break
        }
        switch connection {
        case .none: break
        case .keepAlive: bytes.append(contentsOf: "Connection: keep-alive\r\n".utf8)
        case .close: bytes.append(contentsOf: "Connection: close\r\n".utf8)
        case .upgrade: bytes.append(contentsOf: "Connection: Upgrade\r\n".utf8)
        }
        bytes.append(contentsOf: "\r\n".utf8)
    }

    /// The handler's fields, minus those the server owns or that would split the response.
    static func encodeFields(_ fields: [(name: String, value: String)], into bytes: inout [UInt8]) {
        for field in fields where !isServerOwned(field.name) && isSafe(field.name) && isSafe(field.value) {
            bytes.append(contentsOf: field.name.utf8)
            bytes.append(contentsOf: ": ".utf8)
            bytes.append(contentsOf: field.value.utf8)
            bytes.append(contentsOf: "\r\n".utf8)
        }
    }

    static func appendDecimal(_ value: Int, to bytes: inout [UInt8]) {
        // Only counts and status codes come here; a negative one (a bug) is written as 0, never trapped on.
        let value = max(0, value)
        if value < 10 {
            bytes.append(0x30 + UInt8(value))  // gowasm: allow-trap: value is 0...9 here (negatives became 0 above)
            return
        }
        var digits:
            (
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8
            ) =
                (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        var rest = value
        withUnsafeMutableBytes(of: &digits) { raw in
            while rest > 0 {
                raw[19 - count] = 0x30 + UInt8(rest % 10)  // gowasm: allow-trap: rest > 0, so rest % 10 is 0...9
                rest /= 10
                count += 1
            }
            bytes.append(contentsOf: raw[(20 - count)...])
        }
    }

    /// The bytes of a chunk: size in hex, CRLF, data, CRLF (RFC 9112 §7.1).
    static func chunk(_ data: [UInt8]) -> [UInt8] {
        var bytes: [UInt8] = Array(String(data.count, radix: 16).utf8)
        bytes.reserveCapacity(bytes.count + data.count + 4)
        bytes.append(contentsOf: [0x0D, 0x0A])
        bytes.append(contentsOf: data)
        bytes.append(contentsOf: [0x0D, 0x0A])
        return bytes
    }

    static let lastChunk: [UInt8] = Array("0\r\n\r\n".utf8)
    static let continueResponse: [UInt8] = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)
}

/// What the `Connection` field says, if anything.
enum ConnectionField {
    case none
    case keepAlive
    case close
    /// A 101 that switches protocols.
    case upgrade
}

/// The `Date` field's value, formatted (by `HTTPDate`) at most once per second and shared by all connections.
final class CurrentDate: Sendable {
    static let shared = CurrentDate()
    private let cache = Mutex<(second: Int, text: [UInt8])>((-1, []))

    func append(to bytes: inout [UInt8]) {
        let now = time(nil)
        let text = cache.withLock { cached -> [UInt8] in
            if cached.second != now {
                cached = (now, Array(HTTPDate.format(Int64(now)).utf8))  // gowasm: allow-trap: time_t is Int64 already
            }
            return cached.text
        }
        bytes.append(contentsOf: text)
    }
}
