// What waits to go out on one connection, in order, and how it goes: over plain TCP `send` for one buffer,
// `sendmsg` for a head and a body (or two pipelined responses) at once, `sendfile` for files (system calls in
// `PlainSocket`); over another transport (TLS) one buffer at a time, files read into buffers. The connection
// decides what to queue and what to do when the socket is full; this only moves bytes.
import DistLayout

struct OutboundQueue {
    enum Item {
        case bytes([UInt8], sent: Int)
        /// Sent with sendfile; the file stays open while any response still holds it.
        case file(OpenedFile, offset: Int, remaining: Int)
    }

    enum Outcome {
        /// Everything queued is out.
        case drained
        /// The socket is full: wait for this readiness (writable; TLS may need readable).
        case wouldBlock(TransportInterest)
        /// The peer is gone, or a file shrank under us (its promised length cannot be kept).
        case failed
    }

    private var items: [Item] = []
    /// Bytes of buffers (not files) still queued, for a stream's back-pressure.
    private(set) var queuedBytes = 0

    var isEmpty: Bool { items.isEmpty }

    mutating func append(_ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        queuedBytes += bytes.count
        items.append(.bytes(bytes, sent: 0))
    }

    mutating func append(_ file: OpenedFile, offset: Int, count: Int) {
        items.append(.file(file, offset: offset, remaining: count))
    }

    mutating func removeAll() {
        items.removeAll()
        queuedBytes = 0
    }

    /// Writes as much as the transport takes; returns why it stopped and how many bytes left.
    @inline(__always)
    mutating func write(to socket: Int32, via transport: Transport) -> (outcome: Outcome, sent: Int) {
        switch transport {
        case .plain: writePlain(to: socket)
        case .stream(let stream): write(to: stream)
        }
    }

    /// Plain TCP: `send`, one `sendmsg` for two buffers, `sendfile` for files.
    private mutating func writePlain(to socket: Int32) -> (outcome: Outcome, sent: Int) {
        var total = 0
        while let item = items.first {
            let result: TransportWrite
            switch item {
            case .bytes(let bytes, let sent):
                if items.count > 1, case .bytes(let next, 0) = items[1] {
                    // A head and a large body (or two pipelined responses): one sendmsg for both.
                    result = bytes.withUnsafeBytes { first in
                        next.withUnsafeBytes { second in
                            PlainSocket.send(
                                socket, UnsafeRawBufferPointer(rebasing: first[sent...]), second, more: items.count > 2)
                        }
                    }
                } else {
                    // A head followed by a file is corked with MSG_MORE so both leave in one segment when small.
                    result = bytes.withUnsafeBytes { raw in
                        PlainSocket.send(socket, UnsafeRawBufferPointer(rebasing: raw[sent...]), more: items.count > 1)
                    }
                }
            case .file(let file, let offset, let remaining):
                result = PlainSocket.sendFile(socket, file.descriptor, offset: offset, count: remaining)
            }
            if let stop = took(result, total: &total) { return (stop, total) }
        }
        return (.drained, total)
    }

    /// Another transport (TLS): one buffer per call; a file is read into a buffer of at most `fileChunk`
    /// bytes queued ahead of the rest of it.
    private mutating func write(to transport: any StreamTransport) -> (outcome: Outcome, sent: Int) {
        var total = 0
        while let item = items.first {
            switch item {
            case .bytes(let bytes, let sent):
                let result = bytes.withUnsafeBytes { raw in
                    transport.send(UnsafeRawBufferPointer(rebasing: raw[sent...]))
                }
                if let stop = took(result, total: &total) { return (stop, total) }
            case .file(let file, let offset, let remaining):
                var chunk = [UInt8](repeating: 0, count: min(remaining, Self.fileChunk))
                let read = chunk.withUnsafeMutableBytes { PlainSocket.read(file.descriptor, at: offset, into: $0) }
                guard let read, read > 0 else { return (.failed, total) }  // unreadable, or shrank under us
                chunk.removeSubrange(read...)
                if read == remaining {
                    items[0] = .bytes(chunk, sent: 0)
                } else {
                    items[0] = .file(file, offset: offset + read, remaining: remaining - read)
                    items.insert(.bytes(chunk, sent: 0), at: 0)
                }
                queuedBytes += read
            }
        }
        return (.drained, total)
    }

    /// TLS records are at most 16 KiB; a few per buffer.
    static let fileChunk = 64 * 1024

    /// Takes what a write sent off the queue and adds it to `total`; returns why writing stops, or nil to go on.
    @inline(__always)
    private mutating func took(_ result: TransportWrite, total: inout Int) -> Outcome? {
        switch result {
        case .sent(let count):
            total += count
            consume(count)
            return nil
        case .wouldBlock(let interest): return .wouldBlock(interest)
        case .failed: return .failed
        }
    }

    /// Drops `count` bytes sent from the front of the queue (a `sendmsg` may span two buffers).
    private mutating func consume(_ count: Int) {
        var left = count
        while left > 0, let item = items.first {
            switch item {
            case .bytes(let bytes, let sent):
                queuedBytes -= min(left, bytes.count - sent)
                if left >= bytes.count - sent {
                    left -= bytes.count - sent
                    items.removeFirst()
                } else {
                    items[0] = .bytes(bytes, sent: sent + left)
                    left = 0
                }
            case .file(let file, let offset, let remaining):
                if left >= remaining {
                    left -= remaining
                    items.removeFirst()
                } else {
                    items[0] = .file(file, offset: offset + left, remaining: remaining - left)
                    left = 0
                }
            }
        }
    }
}
