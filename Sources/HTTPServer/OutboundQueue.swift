// What waits to go out on one connection, in order, and the system calls that send it: `send` for one
// buffer, `sendmsg` for a head and a body (or two pipelined responses) at once, `sendfile` for files. The
// connection decides what to queue and what to do when the socket is full; this only moves bytes.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

struct OutboundQueue {
    enum Item {
        case bytes([UInt8], sent: Int)
        /// Sent with sendfile; the file stays open while any response still holds it.
        case file(OpenedFile, offset: Int, remaining: Int)
    }

    enum Outcome {
        /// Everything queued is out.
        case drained
        /// The socket is full: wait until it is writable.
        case wouldBlock
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

    /// Writes as much as `socket` takes; returns why it stopped and how many bytes left.
    mutating func write(to socket: Int32) -> (outcome: Outcome, sent: Int) {
        var total = 0
        while let item = items.first {
            switch item {
            case .bytes(let bytes, let sent):
                if items.count > 1, case .bytes(let next, 0) = items[1] {
                    // A head and a large body (or two pipelined responses): one sendmsg for both.
                    let count = Self.sendPair(socket, bytes, from: sent, next, more: items.count > 2)
                    if count > 0 {
                        queuedBytes -= count
                        total += count
                        let firstLeft = bytes.count - sent
                        if count < firstLeft {
                            items[0] = .bytes(bytes, sent: sent + count)
                        } else {
                            items.removeFirst()
                            if count - firstLeft == next.count {
                                items.removeFirst()
                            } else {
                                items[0] = .bytes(next, sent: count - firstLeft)
                            }
                        }
                        continue
                    }
                    break
                }
                // A head followed by a file is corked with MSG_MORE so both leave in one segment when small.
                let flags = items.count > 1 ? Int32(MSG_NOSIGNAL) | Int32(MSG_MORE) : Int32(MSG_NOSIGNAL)
                let count = bytes.withUnsafeBytes { raw in
                    raw.baseAddress.map { send(socket, $0 + sent, raw.count - sent, flags) } ?? 0
                }
                if count > 0 {
                    queuedBytes -= count
                    total += count
                    if sent + count == bytes.count {
                        items.removeFirst()
                    } else {
                        items[0] = .bytes(bytes, sent: sent + count)
                    }
                    continue
                }
            case .file(let file, let offset, let remaining):
                var position = off_t(offset)
                let count = sendfile(socket, file.descriptor, &position, remaining)
                if count > 0 {
                    total += count
                    if count == remaining {
                        items.removeFirst()
                    } else {
                        items[0] = .file(file, offset: offset + count, remaining: remaining - count)
                    }
                    continue
                }
                if count == 0 { return (.failed, total) }
            }
            switch errno {
            case EAGAIN, EWOULDBLOCK: return (.wouldBlock, total)
            case EINTR: continue
            default: return (.failed, total)
            }
        }
        return (.drained, total)
    }

    /// `first[from...]` then `second` in one system call; MSG_MORE when more output follows.
    private static func sendPair(_ socket: Int32, _ first: [UInt8], from offset: Int, _ second: [UInt8], more: Bool) -> Int {
        first.withUnsafeBytes { head in
            second.withUnsafeBytes { body in
                guard let headBase = head.baseAddress, let bodyBase = body.baseAddress else { return 0 }
                var vectors = (
                    iovec(iov_base: UnsafeMutableRawPointer(mutating: headBase + offset), iov_len: head.count - offset),
                    iovec(iov_base: UnsafeMutableRawPointer(mutating: bodyBase), iov_len: body.count))
                return withUnsafeMutableBytes(of: &vectors) { raw in
                    var message = msghdr()
                    message.msg_iov = raw.baseAddress?.assumingMemoryBound(to: iovec.self)
                    message.msg_iovlen = 2
                    let flags = more ? Int32(MSG_NOSIGNAL) | Int32(MSG_MORE) : Int32(MSG_NOSIGNAL)
                    return sendmsg(socket, &message, flags)
                }
            }
        }
    }
}
