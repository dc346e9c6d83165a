import CBrotli

/// Brotli (RFC 7932) over the Debian libbrotli.
public enum Brotli {
    /// `pause`, when given, is called between pieces of `pieceSize` input bytes: work at idle priority uses it
    /// to step aside while requests are being served (brotli 11 of a 2.5 MB wasm is seconds of CPU). The
    /// output is then the streaming encoder's, as valid as the one-shot encoder's.
    public static func compress(
        _ input: [UInt8], quality: Int32 = 11, pieceSize: Int = 256 * 1024, pause: (() -> Void)?
    ) throws(CompressionError) -> [UInt8] {
        guard let pause else { return try compress(input, quality: quality) }
        guard let encoder = BrotliEncoderCreateInstance(nil, nil, nil) else {
            throw .initializationFailed(coding: "br", code: 0)
        }
        defer { BrotliEncoderDestroyInstance(encoder) }
        _ = BrotliEncoderSetParameter(encoder, BROTLI_PARAM_QUALITY, UInt32(quality))
        _ = BrotliEncoderSetParameter(encoder, BROTLI_PARAM_SIZE_HINT, UInt32(clamping: input.count))
        var output: [UInt8] = []
        output.reserveCapacity(input.count / 4)
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        try input.withUnsafeBufferPointer { (inBuf) throws(CompressionError) in
            var offset = 0
            repeat {
                let end = min(offset + max(1, pieceSize), inBuf.count)
                let last = end == inBuf.count
                var availableIn = end - offset
                var nextIn = inBuf.baseAddress.map { $0 + offset }
                let operation = last ? BROTLI_OPERATION_FINISH : BROTLI_OPERATION_PROCESS
                while true {
                    var availableOut = buffer.count
                    let ok = buffer.withUnsafeMutableBufferPointer { outBuf in
                        var nextOut = outBuf.baseAddress
                        return BrotliEncoderCompressStream(
                            encoder, operation, &availableIn, &nextIn, &availableOut, &nextOut, nil)
                    }
                    guard ok == BROTLI_TRUE else { throw .corruptInput(coding: "br", detail: "encoder failed") }
                    output.append(contentsOf: buffer[0..<(buffer.count - availableOut)])
                    let drained = availableIn == 0 && BrotliEncoderHasMoreOutput(encoder) == BROTLI_FALSE
                    if last ? BrotliEncoderIsFinished(encoder) == BROTLI_TRUE : drained { break }
                }
                offset = end
                if !last { pause() }
            } while offset < inBuf.count
        }
        return output
    }

    public static func compress(_ input: [UInt8], quality: Int32 = 11) throws(CompressionError) -> [UInt8] {
        var outputSize = BrotliEncoderMaxCompressedSize(input.count)
        if outputSize == 0 { outputSize = input.count + 1024 }  // 0 means "too large to bound"; grow generously
        var output = [UInt8](repeating: 0, count: outputSize)
        let ok = input.withUnsafeBufferPointer { inBuf in
            output.withUnsafeMutableBufferPointer { outBuf in
                BrotliEncoderCompress(
                    quality, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_GENERIC,
                    inBuf.count, inBuf.baseAddress, &outputSize, outBuf.baseAddress)
            }
        }
        guard ok == BROTLI_TRUE else { throw .corruptInput(coding: "br", detail: "encoder failed") }
        output.removeLast(output.count - outputSize)
        return output
    }

    public static func decompress(_ input: [UInt8], limit: Int = 1 << 30) throws(CompressionError) -> [UInt8] {
        guard let decoder = BrotliDecoderCreateInstance(nil, nil, nil) else {
            throw .initializationFailed(coding: "br", code: 0)
        }
        defer { BrotliDecoderDestroyInstance(decoder) }

        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        try input.withUnsafeBufferPointer { (inBuf) throws(CompressionError) in
            var availableIn = inBuf.count
            var nextIn = inBuf.baseAddress
            while true {
                var availableOut = chunk.count
                let result: BrotliDecoderResult = chunk.withUnsafeMutableBufferPointer { outBuf in
                    var nextOut = outBuf.baseAddress
                    return BrotliDecoderDecompressStream(decoder, &availableIn, &nextIn, &availableOut, &nextOut, nil)
                }
                let produced = chunk.count - availableOut
                guard output.count + produced <= limit else { throw .outputLimitExceeded(coding: "br", limit: limit) }
                output.append(contentsOf: chunk[0..<produced])
                switch result {
                case BROTLI_DECODER_RESULT_SUCCESS:
                    return
                case BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT:
                    continue
                case BROTLI_DECODER_RESULT_NEEDS_MORE_INPUT:
                    throw .truncatedInput(coding: "br")
                default:
                    let code = BrotliDecoderGetErrorCode(decoder)
                    let name = BrotliDecoderErrorString(code).map { String(cString: $0) } ?? "error"
                    throw .corruptInput(coding: "br", detail: name)
                }
            }
        }
        return output
    }
}
