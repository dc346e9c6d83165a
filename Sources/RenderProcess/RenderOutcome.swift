import InputSafety
import RenderWire

/// How a render ended, as the parent sees it.
public enum RenderOutcome: Sendable, Equatable {
    case rendered([UInt8])
    case failed(RenderProblem)

    /// The outcome of a finished child: what the parent did to it decides first (its kills are facts), then
    /// the child's own report; stderr is never read.
    public static func of(
        _ ending: BoundedChild.Ending, report: RenderReport?, page: [UInt8], budget: Duration, memoryBudget: Int,
        maxPageSize: Int
    ) -> RenderOutcome {
        switch ending {
        case .killedAtDeadline:
            return .failed(.stoppedAtDeadline(milliseconds: Int(clamping: budget.nanoseconds / 1_000_000)))
        case .killedForMemory: return .failed(.stoppedForMemory(limitBytes: memoryBudget))
        case .killedForOutput: return .failed(.pageTooLarge(limitBytes: maxPageSize))
        case .exited(let status):
            switch report {
            case .rendered? where status == 0 && !page.isEmpty: return .rendered(page)
            case .rendered?: return .failed(.noReport(exitStatus: status))
            case .failed(let problem)?: return .failed(problem)
            case nil: return .failed(.noReport(exitStatus: status))
            }
        case .signaled(let signal):
            if case .failed(let problem)? = report { return .failed(problem) }
            return .failed(.crashed(signal: signal))
        }
    }
}
