import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A minimal HTTP/1.1 client over BSD sockets, one connection per request (`Connection: close`).
/// It exists because `check` must see what the server sent byte for byte: URLSession on Linux asks
/// libcurl to decode bodies and to add its own Accept-Encoding. https goes to `HTTPSFetcher`.
public struct HTTPFetcher: ResponseFetcher {
    public var timeout: TimeInterval
    public var sizeLimit: Int

    public init(timeout: TimeInterval = 15, sizeLimit: Int = 256 << 20) {
        self.timeout = timeout
        self.sizeLimit = sizeLimit
    }

    public func fetch(_ url: URL, method: String, headers: [(String, String)]) throws(FetchError) -> FetchedResponse {
        guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https", let host = url.host, !host.isEmpty else {
            throw .unsupportedURL(url.absoluteString)
        }
        guard scheme == "http" else { throw .schemeNotHandled(url: url.absoluteString, scheme: scheme) }
        let port = url.port ?? 80
        let components = URLComponents(url: url, resolvingAgainstBaseURL: true)
        var target = components?.percentEncodedPath ?? "/"
        if target.isEmpty { target = "/" }
        if let query = components?.percentEncodedQuery { target += "?" + query }
        var request = "\(method) \(target) HTTP/1.1\r\nHost: \(url.port.map { "\(host):\($0)" } ?? host)\r\n"
        for (name, value) in headers { request += "\(name): \(value)\r\n" }
        request += "Connection: close\r\n\r\n"

        let fd = try connect(host: host, port: port)
        defer { close(fd) }
        var sent = 0
        let bytes = Array(request.utf8)
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw .cannotConnect(host: host, port: port, reason: String(cString: strerror(errno))) }
            sent += n
        }
        let raw = try receiveAll(fd, url: url)
        return try Self.parse(raw, url: url, method: method)
    }

    private func connect(host: String, port: Int) throws(FetchError) -> Int32 {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &list) == 0, let first = list else { throw .cannotResolve(host: host) }
        defer { freeaddrinfo(list) }
        var lastError = "no address"
        var candidate: UnsafeMutablePointer<addrinfo>? = first
        while let info = candidate {
            candidate = info.pointee.ai_next
            let fd = socket(info.pointee.ai_family, info.pointee.ai_socktype, info.pointee.ai_protocol)
            guard fd >= 0 else { continue }
            var tv = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - Double(Int(timeout))) * 1_000_000))
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
            setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
            if Glibc.connect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 { return fd }
            lastError = String(cString: strerror(errno))
            close(fd)
        }
        throw .cannotConnect(host: host, port: port, reason: lastError)
    }

    private func receiveAll(_ fd: Int32, url: URL) throws(FetchError) -> [UInt8] {
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n == 0 { return data }
            if n < 0 {
                if errno == EINTR { continue }
                if errno == EAGAIN || errno == EWOULDBLOCK { throw .timedOut(url: url.absoluteString) }
                throw .malformedResponse(url: url.absoluteString, detail: String(cString: strerror(errno)))
            }
            data.append(contentsOf: buffer[0..<n])
            guard data.count <= sizeLimit else { throw .responseTooLarge(url: url.absoluteString, limit: sizeLimit) }
            if Date() > deadline { throw .timedOut(url: url.absoluteString) }
        }
    }

    static func parse(_ raw: [UInt8], url: URL, method: String) throws(FetchError) -> FetchedResponse {
        let crlfcrlf: [UInt8] = [13, 10, 13, 10]
        guard let headEnd = raw.firstRange(of: crlfcrlf) else {
            throw .malformedResponse(url: url.absoluteString, detail: raw.isEmpty ? "connection closed without a response" : "no end of header")
        }
        let lines = String(decoding: raw[..<headEnd.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = lines[0].split(separator: " ", maxSplits: 2)
        guard statusParts.count >= 2, statusParts[0].hasPrefix("HTTP/1."), let status = Int(statusParts[1]) else {
            throw .malformedResponse(url: url.absoluteString, detail: "status line \"\(lines[0])\"")
        }
        var headers: [(String, String)] = []
        for line in lines.dropFirst() where !line.isEmpty {
            guard let colon = line.firstIndex(of: ":") else {
                throw .malformedResponse(url: url.absoluteString, detail: "header line \"\(line)\"")
            }
            headers.append((String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        let response = FetchedResponse(status: status, headers: headers, body: [])
        var body = Array(raw[headEnd.upperBound...])
        if method == "HEAD" || status == 304 || status == 204 || (100..<200).contains(status) {
            body = []
        } else if response.header("Transfer-Encoding")?.lowercased().contains("chunked") == true {
            body = try dechunk(body, url: url)
        } else if let length = response.header("Content-Length").flatMap({ Int($0) }) {
            guard body.count >= length else {
                throw .malformedResponse(url: url.absoluteString, detail: "body has \(body.count) of \(length) bytes")
            }
            body = Array(body.prefix(length))
        }
        return FetchedResponse(status: status, headers: headers, body: body)
    }

    static func dechunk(_ data: [UInt8], url: URL) throws(FetchError) -> [UInt8] {
        var out: [UInt8] = []
        var index = 0
        while true {
            guard let lineEnd = data[index...].firstRange(of: [13, 10]) else {
                throw .malformedResponse(url: url.absoluteString, detail: "truncated chunk header")
            }
            let sizeText = String(decoding: data[index..<lineEnd.lowerBound], as: UTF8.self).split(separator: ";").first ?? ""
            guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16), size >= 0 else {
                throw .malformedResponse(url: url.absoluteString, detail: "chunk size \"\(sizeText)\"")
            }
            index = lineEnd.upperBound
            if size == 0 { return out }
            guard index + size <= data.count else { throw .malformedResponse(url: url.absoluteString, detail: "truncated chunk") }
            out.append(contentsOf: data[index..<index + size])
            index += size + 2
        }
    }
}
