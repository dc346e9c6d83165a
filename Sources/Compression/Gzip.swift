import CZlib

/// gzip (RFC 1952) over zlib.
public enum Gzip {
    /// zlib's windowBits: 15 for a 32 KiB window, +16 for the gzip wrapper, +32 to auto-detect on inflate.
    private static let gzipWindowBits: Int32 = 15 + 16
    private static let autoDetectWindowBits: Int32 = 15 + 32

    public static func compress(_ input: [UInt8], level: Int32 = 9) throws(CompressionError) -> [UInt8] {
        var stream = z_stream()
        let initCode = deflateInit2_(
            &stream, level, Z_DEFLATED, gzipWindowBits, 9, Z_DEFAULT_STRATEGY,
            ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard initCode == Z_OK else { throw .initializationFailed(coding: "gzip", code: initCode) }
        defer { deflateEnd(&stream) }

        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(input.count))) + 32)
        let outputCapacity = output.count
        let code: Int32 = input.withUnsafeBufferPointer { inBuf in
            output.withUnsafeMutableBufferPointer { outBuf in
                stream.next_in = UnsafeMutablePointer(mutating: inBuf.baseAddress)
                stream.avail_in = UInt32(inBuf.count)
                stream.next_out = outBuf.baseAddress
                stream.avail_out = UInt32(outBuf.count)
                return deflate(&stream, Z_FINISH)
            }
        }
        guard code == Z_STREAM_END else { throw .corruptInput(coding: "gzip", detail: "deflate returned \(code)") }
        output.removeLast(outputCapacity - Int(stream.total_out))
        return output
    }

    public static func decompress(_ input: [UInt8], limit: Int = 1 << 30) throws(CompressionError) -> [UInt8] {
        var stream = z_stream()
        let initCode = inflateInit2_(&stream, autoDetectWindowBits, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard initCode == Z_OK else { throw .initializationFailed(coding: "gzip", code: initCode) }
        defer { inflateEnd(&stream) }

        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        var status: Int32 = Z_OK
        try input.withUnsafeBufferPointer { (inBuf) throws(CompressionError) in
            stream.next_in = UnsafeMutablePointer(mutating: inBuf.baseAddress)
            stream.avail_in = UInt32(inBuf.count)
            repeat {
                let produced: Int = chunk.withUnsafeMutableBufferPointer { outBuf in
                    stream.next_out = outBuf.baseAddress
                    stream.avail_out = UInt32(outBuf.count)
                    status = inflate(&stream, Z_NO_FLUSH)
                    return outBuf.count - Int(stream.avail_out)
                }
                guard status == Z_OK || status == Z_STREAM_END || (status == Z_BUF_ERROR && produced > 0) else {
                    if status == Z_BUF_ERROR { throw .truncatedInput(coding: "gzip") }
                    let message = stream.msg.map { String(cString: $0) } ?? "code \(status)"
                    throw .corruptInput(coding: "gzip", detail: message)
                }
                guard output.count + produced <= limit else { throw .outputLimitExceeded(coding: "gzip", limit: limit) }
                output.append(contentsOf: chunk[0..<produced])
            } while status != Z_STREAM_END
        }
        return output
    }
}
