import CBrotli

/// Brotli (RFC 7932) over the Debian libbrotli.
public enum Brotli {
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
