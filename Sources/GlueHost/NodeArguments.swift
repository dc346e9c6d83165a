import Foundation
import InputSafety
import JavaScript

/// Numbers a guest program hands node's surface (fd, offset, length, mode, ids, times), validated as node
/// validates them: an integer within range, else the RangeError or TypeError node throws with its `code`.
/// Never a trapping conversion: `clearTimeout("x")` or `fs.read(NaN, ...)` must not stop the process.
enum NodeArguments {
    /// An integer in `range`; `name` is the argument's name in node's message.
    static func integer(_ value: JSValue, _ name: String, _ range: ClosedRange<Int>, in js: JSContext)
        throws(JavaScriptError) -> Int
    {
        guard value.isNumber else {
            throw JavaScriptError(
                throwing: js.error(
                    "The \"\(name)\" argument must be of type number. Received \(value.string)", name: "TypeError",
                    properties: ["code": js.string("ERR_INVALID_ARG_TYPE")]))
        }
        let number = value.number
        guard let integer = Conversions.exact(number, as: Int.self) else {
            throw outOfRange(name, "an integer", number, in: js)
        }
        guard range.contains(integer) else {
            throw outOfRange(name, ">= \(range.lowerBound) && <= \(range.upperBound)", number, in: js)
        }
        return integer
    }

    /// A file descriptor: 0...2³¹−1.
    static func fd(_ value: JSValue, in js: JSContext) throws(JavaScriptError) -> Int32 {
        Int32(clamping: try integer(value, "fd", 0...Int(Int32.max), in: js))
    }

    /// A mode (`chmod`, `open`, `mkdir`, `umask`): node takes 0...2³²−1.
    static func mode(_ value: JSValue, _ name: String = "mode", in js: JSContext) throws(JavaScriptError) -> mode_t {
        mode_t(truncatingIfNeeded: try integer(value, name, 0...Int(UInt32.max), in: js))
    }

    /// A uid or gid: -1 (leave unchanged) ... 2³²−1.
    static func id(_ value: JSValue, _ name: String, in js: JSContext) throws(JavaScriptError) -> UInt32 {
        UInt32(truncatingIfNeeded: try integer(value, name, -1...Int(UInt32.max), in: js))
    }

    /// A time for `utimes`, in seconds: finite (node: a negative one means now).
    static func time(_ value: JSValue, _ name: String, in js: JSContext) throws(JavaScriptError) -> Double {
        let number = value.number
        guard value.isNumber, number.isFinite else {
            throw JavaScriptError(
                throwing: js.error(
                    "The \"\(name)\" argument must be an instance of Date or an Time in seconds. Received \(value.string)",
                    name: "TypeError", properties: ["code": js.string("ERR_INVALID_ARG_TYPE")]))
        }
        return number
    }

    static func outOfRange(_ name: String, _ rule: String, _ number: Double, in js: JSContext) -> JavaScriptError {
        JavaScriptError(
            throwing: js.error(
                "The value of \"\(name)\" is out of range. It must be \(rule). Received \(js.number(number).string)",
                name: "RangeError", properties: ["code": js.string("ERR_OUT_OF_RANGE")]))
    }
}
