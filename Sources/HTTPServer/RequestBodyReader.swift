// The request body, read incrementally from the connection's input buffer (by Content-Length, or chunked
// through `ChunkedDecoder`), bounded by the body limit. No system calls, no clock.

/// Reads one request body, by length or chunked, within the body limit.
struct BodyReader {
    private enum Kind {
        case length(remaining: Int)
        case chunked(ChunkedDecoder)
    }
    private var kind: Kind
    private(set) var body: [UInt8] = []
    let startedAt: UInt64

    /// `streaming`: the body is taken out in parts as it arrives (`take`), not kept whole.
    init(framing: BodyFraming, limits: ParserLimits, startedAt: UInt64, streaming: Bool = false) {
        self.startedAt = startedAt
        switch framing {
        case .length(let count):
            kind = .length(remaining: count)
            if !streaming { body.reserveCapacity(count) }
        case .chunked, .none:
            kind = .chunked(ChunkedDecoder(maxBodySize: limits.maxBodySize, maxTrailerSize: limits.maxHeaderBlockSize))
        }
    }

    private(set) var isDone = false

    /// Takes up to `limit` bytes decoded so far (a streamed body).
    mutating func take(upTo limit: Int) -> [UInt8] {
        if body.count <= limit {
            defer { body.removeAll(keepingCapacity: true) }
            return body
        }
        defer { body.removeFirst(limit) }
        return Array(body[..<limit])
    }

    /// Consumes body bytes from `buffer[position...]`; true once the body is complete.
    mutating func consume(_ buffer: UnsafeBufferPointer<UInt8>, position: inout Int) throws(RequestError) -> Bool {
        switch kind {
        case .length(let remaining):
            let take = min(remaining, buffer.count - position)
            body.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[position..<(position + take)]))
            position += take
            kind = .length(remaining: remaining - take)
            isDone = remaining == take
            return isDone
        case .chunked(var decoder):
            position = try decoder.decode(buffer, from: position, into: &body)
            kind = .chunked(decoder)
            isDone = decoder.isDone
            return isDone
        }
    }
}
