import Foundation
import Glibc
import Prerender
import RenderWire

/// The child side of RenderProcess's `ProcessPageRenderer`: what `prerender --render-child SANDBOX` does.
public enum RenderChild {
    /// Puts the sandbox on this process, then renders: the page goes to stdout, the typed report to fd 3, a
    /// failure's one line to stderr (for a person reading the server's terminal, never parsed). Returns the
    /// exit code. Without the sandbox nothing renders.
    public static func run(
        sandbox argument: String, route: String, render: () throws(PrerenderError) -> PrerenderedPage
    ) -> Int32 {
        do {
            try ChildSandbox(argument: argument).apply()
        } catch {
            send(.failed(.couldNotStart("the render sandbox failed: \(error)")))
            writeLine("gowasm-serve: the render sandbox failed: \(error)")
            return 70  // EX_SOFTWARE
        }
        do {
            let page = try render()
            var bytes = Array(page.html.utf8)
            guard writeAll(1, &bytes) else {
                send(.failed(.pageNotWritten))
                return 74  // EX_IOERR
            }
            send(.rendered)
            return 0
        } catch {
            send(.failed(.child(error)))
            writeLine(
                "gowasm-serve: \(route): \(error.description.split(separator: "\n").first.map(String.init) ?? "")")
            return 1
        }
    }

    /// The report on its descriptor; nothing happens when it is not open (a render run by hand).
    private static func send(_ report: RenderReport) {
        guard var line = report.line else { return }
        _ = writeAll(RenderReport.descriptor, &line)
    }

    private static func writeLine(_ line: String) {
        var bytes = Array((line + "\n").utf8)
        _ = writeAll(2, &bytes)
    }

    private static func writeAll(_ fd: Int32, _ bytes: inout [UInt8]) -> Bool {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(fd, buffer.baseAddress! + offset, buffer.count - offset)  // gowasm: allow-trap: the loop runs only while offset < buffer.count, so the buffer is not empty
                if written < 0, errno == EINTR { continue }
                guard written > 0 else { return false }
                offset += written
            }
            return true
        }
    }
}
