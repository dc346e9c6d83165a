import Foundation
import Prerender
import RenderWire
import Testing

/// The report the child sends on fd 3, as the parent reads it, and the one line each problem logs as.
@Suite struct RenderReportTests {
    @Test func reportsSurviveTheTripAndGarbageIsNoReport() throws {
        for report in [
            RenderReport.rendered, .failed(.child(.overBudget(.instructions(50)))),
            .failed(.child(.exited(code: 3, output: "x\ny"))),
            .failed(.child(.overBudget(.wallClock(.milliseconds(1500))))),
            .failed(.stoppedForMemory(limitBytes: 1 << 20)), .failed(.pageNotWritten),
        ] {
            let line = try #require(report.line)
            #expect(line.last == UInt8(ascii: "\n"))
            #expect(line.dropLast().contains(UInt8(ascii: "\n")) == false, "one line, even for a multi-line output")
            #expect(RenderReport(parsing: line) == report)
        }
        #expect(RenderReport(parsing: []) == nil)
        #expect(RenderReport(parsing: Array("{\"rendered\":".utf8)) == nil)  // died mid-write
        #expect(RenderReport(parsing: Array("panic: rendered\n".utf8)) == nil)
    }

    /// A page that started no program stays typed across the process boundary, and its line names the exception.
    @Test func aPageThatStartedNoProgramKeepsItsException() throws {
        let exception = PageException(
            type: "ReferenceError", message: "Can't find variable: ReadableStream",
            frame: .init(file: "app.js", line: 286))
        #expect(
            RenderProblem.child(.noProgram(.exception(exception))).description
                == "the page started no Go program: ReferenceError: Can't find variable: ReadableStream (app.js:286)")
        for report in [
            RenderReport.failed(.child(.noProgram(.exception(exception)))), .failed(.child(.noProgram(.silent))),
            .failed(.child(.noProgram(.logged("app.wasm: 404")))),
        ] {
            let line = try JSONEncoder().encode(report) + Data("\n".utf8)
            #expect(RenderReport(parsing: Array(line)) == report)
        }
    }

    @Test func theChildsErrorsReadAsOneLine() {
        #expect(RenderProblem.child(.panic("boom")).description == "the app panicked while pre-rendering: boom")
        #expect(
            RenderProblem.child(.overBudget(.wallClock(.seconds(2)))).description
                == "exceeded the 2 s wall-clock budget (stopped)")
        #expect(
            RenderProblem.child(.overBudget(.instructions(7))).description
                == "exceeded the instruction limit of 7 (stopped)")
        #expect(
            RenderProblem.child(.trap("wasm trap: out of bounds\nbacktrace")).description
                == "the app trapped while pre-rendering: wasm trap: out of bounds")
        #expect(
            RenderProblem.child(.unsupported("<script type=module> is not supported")).description
                == "the page cannot be pre-rendered: <script type=module> is not supported")
    }

    @Test func theLogLinesSayWhatHappened() {
        #expect(
            RenderProblem.stoppedAtDeadline(milliseconds: 100).description
                == "exceeded the 0.1 s wall-clock budget (stopped)")
        #expect(
            RenderProblem.stoppedAtDeadline(milliseconds: 2000).description
                == "exceeded the 2 s wall-clock budget (stopped)")
        #expect(
            RenderProblem.stoppedForMemory(limitBytes: 96 << 20).description
                == "exceeded the 96 MiB memory budget (stopped)")
    }
}
