import Foundation
import PageRendering
import Prerender
import RenderProcess
import SiteServing
import Testing

/// The parent's classification of a finished render, and the report the child sends on fd 3.
@Suite struct RenderOutcomeTests {
    private let page = Array("<!DOCTYPE html><html></html>".utf8)

    private func outcome(_ ending: BoundedChild.Ending, _ report: RenderReport?, page: [UInt8] = []) -> RenderOutcome {
        .of(
            ending, report: report, page: page, budget: .milliseconds(1500), memoryBudget: 96 << 20,
            maxPageSize: 16 << 20)
    }

    @Test func theParentsKillsComeFirst() {
        // Whatever the child had time to say, the parent's kill is what happened.
        #expect(outcome(.killedAtDeadline, .rendered, page: page) == .failed(.stoppedAtDeadline(milliseconds: 1500)))
        #expect(
            outcome(.killedForMemory, .failed(.child(.trap("x")))) == .failed(.stoppedForMemory(limitBytes: 96 << 20)))
        #expect(outcome(.killedForOutput, nil) == .failed(.pageTooLarge(limitBytes: 16 << 20)))
    }

    @Test func aRenderedPageNeedsTheReportAndACleanExit() {
        #expect(outcome(.exited(0), .rendered, page: page) == .rendered(page))
        #expect(outcome(.exited(0), nil, page: page) == .failed(.noReport(exitStatus: 0)))
        #expect(outcome(.exited(0), .rendered, page: []) == .failed(.noReport(exitStatus: 0)))
        #expect(outcome(.exited(1), .rendered, page: page) == .failed(.noReport(exitStatus: 1)))
    }

    @Test func theChildsReportNamesTheProblem() {
        #expect(
            outcome(.exited(1), .failed(.child(.panic("the catalog is empty"))))
                == .failed(.child(.panic("the catalog is empty"))))
        #expect(
            outcome(.exited(1), .failed(.child(.outOfMemory(limitBytes: 1 << 20))))
                == .failed(.child(.outOfMemory(limitBytes: 1 << 20))))
        #expect(outcome(.signaled(SIGABRT), .failed(.child(.trap("oops")))) == .failed(.child(.trap("oops"))))
        #expect(outcome(.signaled(SIGSEGV), nil) == .failed(.crashed(signal: SIGSEGV)))
    }

    @Test func reportsSurviveTheTripAndGarbageIsNoReport() throws {
        for report in [
            RenderReport.rendered, .failed(.child(.overBudget(.instructions(50)))),
            .failed(.child(.exited(code: 3, output: "x\ny"))),
            .failed(.child(.overBudget(.wallClock(.milliseconds(1500))))),
            .failed(.stoppedForMemory(limitBytes: 1 << 20)), .failed(.pageNotWritten),
        ] {
            let line = try JSONEncoder().encode(report) + Data("\n".utf8)
            #expect(RenderReport(parsing: Array(line)) == report)
        }
        #expect(RenderReport(parsing: []) == nil)
        #expect(RenderReport(parsing: Array("{\"rendered\":".utf8)) == nil)  // died mid-write
        #expect(RenderReport(parsing: Array("panic: rendered\n".utf8)) == nil)
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
        #expect(
            PrerenderEvent.servedPlain(
                route: "/x", reason: .renderFailed(RenderProblem.child(.noProgram(.exception(exception))))
            ).line
                == "prerender /x: the page started no Go program: ReferenceError: Can't find variable: ReadableStream (app.js:286); served the plain page"
        )
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

    @Test func theSandboxArgumentRoundTripsAndCountsTheUsersTasks() throws {
        var sandbox = ChildSandbox(parent: 4242)
        sandbox.openFiles = 32
        #expect(try ChildSandbox(argument: sandbox.argument) == sandbox)
        #expect(throws: ChildSandbox.Failure.self) { try ChildSandbox(argument: "--help") }
        // This test process and its threads are the user's tasks.
        #expect(ChildSandbox.tasksOfCurrentUser() >= 1)
    }

    @Test func theChildIsToldThePageTheServerMatched() {
        let renderer = ProcessPageRenderer(dist: "/srv/dist", budget: .seconds(2), memoryLimit: 256 << 20)
        let arguments = renderer.arguments(for: PageRoute(path: "/about/", page: "about/index.html"))
        #expect(
            arguments.starts(with: [
                "prerender", "/srv/dist", "--route", "/about/", "--page", "about/index.html", "--stdout",
            ]))
        #expect(arguments.contains("--render-child"))
        #expect(arguments.contains("256"))  // --memory-limit in MiB
    }
}
