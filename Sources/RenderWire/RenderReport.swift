import Foundation
import InputSafety
import Prerender

/// Why a render produced no page. Typed from end to end: the child reports its own `PrerenderError` on its
/// report descriptor, as itself; the parent adds what only it sees (a kill, a crash). Nothing is read from
/// the child's stderr.
public enum RenderProblem: Error, Codable, Sendable, Equatable, CustomStringConvertible {
    /// The child's pre-render failed.
    case child(PrerenderError)
    /// The child could not write the page it rendered.
    case pageNotWritten
    /// The parent stopped the child at the wall-clock budget.
    case stoppedAtDeadline(milliseconds: Int)
    /// The parent stopped the child past its resident-memory budget.
    case stoppedForMemory(limitBytes: Int)
    /// The parent stopped the child when the page outgrew the limit.
    case pageTooLarge(limitBytes: Int)
    /// The child died of a signal it did not get from us.
    case crashed(signal: Int32)
    /// The child ended without a report (a bug, or killed by someone else).
    case noReport(exitStatus: Int32)
    case couldNotStart(String)

    /// One line for the log (`prerender /route: LINE; served the plain page`).
    public var description: String {
        switch self {
        case .child(let error): Self.line(error)
        case .pageNotWritten: "cannot write the page to stdout"
        case .stoppedAtDeadline(let milliseconds): Self.wallClockLine(milliseconds)
        case .stoppedForMemory(let limit): "exceeded the \(limit >> 20) MiB memory budget (stopped)"
        case .pageTooLarge(let limit): "the rendered page exceeds \(limit >> 20) MiB (stopped)"
        case .crashed(let signal): "the render crashed (signal \(signal))"
        case .noReport(let status): "the render exited with status \(status) without a report"
        case .couldNotStart(let why): why
        }
    }

    /// The child's error in one line: the first line of a trap's message, budgets in seconds.
    private static func line(_ error: PrerenderError) -> String {
        switch error {
        case .trap(let message): "the app trapped while pre-rendering: \(firstLine(message))"
        case .outOfMemory(let limit): "exceeded the \(limit >> 20) MiB memory budget (stopped)"
        case .overBudget(.wallClock(let limit)): wallClockLine(milliseconds(limit))
        case .overBudget(.virtualTime(let limit)):
            "exceeded the \(seconds(milliseconds(limit))) s virtual-time budget (stopped)"
        case .overBudget(.instructions(let limit)): "exceeded the instruction limit of \(limit) (stopped)"
        case .panic, .exited, .noProgram: error.description
        case .noPage, .unreadable, .invalidRoute, .unsupported: firstLine(error.description)
        }
    }

    private static func wallClockLine(_ milliseconds: Int) -> String {
        "exceeded the \(seconds(milliseconds)) s wall-clock budget (stopped)"
    }

    private static func firstLine(_ text: String) -> String {
        text.split(separator: "\n").first.map(String.init) ?? text
    }

    private static func seconds(_ milliseconds: Int) -> String {
        let value = Double(milliseconds) / 1000
        return value == value.rounded() ? String(Int(value)) : String(format: "%.2g", value)  // gowasm: allow-trap: milliseconds (an Int) / 1000: always fits
    }

    private static func milliseconds(_ duration: Duration) -> Int { Int(clamping: duration.nanoseconds / 1_000_000) }
}

/// What the render child writes, as one JSON line, on its report descriptor (fd 3) before it exits.
public enum RenderReport: Codable, Sendable, Equatable {
    /// The page is on stdout.
    case rendered
    case failed(RenderProblem)

    /// The descriptor the parent reads reports from.
    public static let descriptor: Int32 = 3

    /// The report as the child sends it: one JSON line (nil only if it cannot be encoded).
    public var line: [UInt8]? {
        guard let json = try? JSONEncoder().encode(self) else { return nil }
        return Array(json) + [UInt8(ascii: "\n")]
    }

    /// The report in `bytes`, nil when there is none or it does not parse (a child that died mid-write).
    public init?(parsing bytes: [UInt8]) {
        guard let line = bytes.split(separator: UInt8(ascii: "\n")).first,
            let report = try? JSONDecoder().decode(RenderReport.self, from: Data(line))
        else { return nil }
        self = report
    }
}
