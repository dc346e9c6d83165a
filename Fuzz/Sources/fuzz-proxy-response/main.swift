// A backend's reply as `--proxy` reads it: the response head parser, the body framing for each request
// method, the fields passed on, the length a HEAD announces, and the chunked decoder over what follows.
import DevProxy
import FuzzSupport
import HTTPServer

runFuzzer { input in
    guard let selector = input.first else { return }
    let method = ["GET", "HEAD", "POST", "OPTIONS"][Int(selector & 3)]
    let bytes = Array(input.dropFirst())
    let parsed = try? bytes.withUnsafeBufferPointer { buffer throws(HTTPParseError) in
        try ResponseHeadParser.parse(buffer, maxSize: 64 * 1024)
    }
    guard let (head, length) = parsed else { return }
    precondition(length > 0 && length <= bytes.count, "head length \(length) outside the \(bytes.count) input bytes")
    _ = ForwardingRules.responseHeaders(head)
    if let announced = ProxyHandler.headLength(of: head) { precondition(announced >= 0) }
    guard let framing = try? ForwardingRules.bodyFraming(requestMethod: method, head: head) else { return }
    if case .length(let count) = framing { precondition(count > 0) }
    guard framing == .chunked else { return }
    // The body arrives in pieces of varying size, as reads from a socket do; unused bytes wait for more,
    // as in BackendExchange.forwardBody.
    var decoder = ChunkedBodyDecoder()
    var decoded: [UInt8] = []
    var input: [UInt8] = []
    var next = length
    let step = max(1, Int(selector >> 2))
    while !decoder.isDone {
        guard
            let consumed = try? input.withUnsafeBufferPointer({ buffer throws(HTTPParseError) in
                try decoder.decode(buffer, from: 0, into: &decoded)
            })
        else { return }
        precondition(consumed >= 0 && consumed <= input.count)
        input.removeFirst(consumed)
        decoded.removeAll(keepingCapacity: true)
        guard next < bytes.count, !decoder.isDone else { return }
        let end = min(bytes.count, next + step)
        input += bytes[next..<end]
        next = end
    }
}
