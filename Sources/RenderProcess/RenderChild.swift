import Foundation
import Glibc
import PageRendering
import Prerender

/// The child side of `ProcessPageRenderer`: what `prerender --render-child SANDBOX` does.
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
            RenderReport.failed(.couldNotStart("the render sandbox failed: \(error)")).write()
            writeLine("gowasm-serve: the render sandbox failed: \(error)")
            return 70  // EX_SOFTWARE
        }
        do {
            let page = try render()
            var bytes = Array(page.html.utf8)
            guard writeAll(1, &bytes) else {
                RenderReport.failed(.pageNotWritten).write()
                return 74  // EX_IOERR
            }
            RenderReport.rendered.write()
            return 0
        } catch {
            RenderReport.failed(.child(error)).write()
            writeLine(
                "gowasm-serve: \(route): \(error.description.split(separator: "\n").first.map(String.init) ?? "")")
            return 1
        }
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
