import Foundation
import Prerender
import PrerenderCache
import RenderProcess
import RenderWire
import Testing

/// The parent's classification of a finished render: its own kills first, then the child's report.
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

    /// The problem reaches serve's log as itself (`PageRenderer.Failure`), its line the problem's own.
    @Test func aRenderProblemIsItsOwnLineInServesLog() {
        let exception = PageException(
            type: "ReferenceError", message: "Can't find variable: ReadableStream",
            frame: .init(file: "app.js", line: 286))
        #expect(
            PrerenderEvent.servedPlain(
                route: "/x", reason: .renderFailed(RenderProblem.child(.noProgram(.exception(exception))))
            ).line
                == "prerender /x: the page started no Go program: ReferenceError: Can't find variable: ReadableStream (app.js:286); served the plain page"
        )
    }
}
