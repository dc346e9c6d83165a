import Foundation
import Prerender
import InputSafety

import Glibc

/// A budget a render ran out of.
public enum RenderBudget: Codable, Sendable, Equatable {
    case wallClock(milliseconds: Int)
    case virtualTime(milliseconds: Int)
    case instructions(UInt64)
}

/// Why a render produced no page. Typed from end to end: the child reports it on its report descriptor, the
/// parent adds what only it sees (a kill, a crash); nothing is read from the child's stderr.
public enum RenderProblem: Error, Codable, Sendable, Equatable, CustomStringConvertible {
    case overBudget(RenderBudget)
    /// Past its memory budget: the wasm memory it asked for, or the resident memory the parent saw.
    case outOfMemory(limitBytes: Int)
    case trap(String)
    case panic(String)
    case exited(code: Int32, output: String)
    /// The page started no Go program, and what failed (an exception's type, message and frame).
    case noProgram(PageFailure)
    /// The page cannot be rendered at all (no page, not a Go wasm, a module script).
    case failed(String)
    /// The child died of a signal it did not get from us.
    case crashed(signal: Int32)
    case pageTooLarge(limitBytes: Int)
    /// The child ended without a report (a bug, or killed by someone else).
    case noReport(exitStatus: Int32)
    case couldNotStart(String)

    public var description: String {
        switch self {
        case .overBudget(.wallClock(let milliseconds)):
            "exceeded the \(Self.seconds(milliseconds)) s wall-clock budget (stopped)"
        case .overBudget(.virtualTime(let milliseconds)):
            "exceeded the \(Self.seconds(milliseconds)) s virtual-time budget (stopped)"
        case .overBudget(.instructions(let limit)): "exceeded the instruction limit of \(limit) (stopped)"
        case .outOfMemory(let limit): "exceeded the \(limit >> 20) MiB memory budget (stopped)"
        case .trap(let message): "the app trapped while pre-rendering: \(message)"
        case .panic(let message): "the app panicked while pre-rendering: \(message)"
        case .exited(let code, let output):
            output.isEmpty
                ? "the app exited with code \(code) while pre-rendering"
                : "the app exited with code \(code) while pre-rendering: \(output)"
        case .noProgram(let failure): failure.sentence
        case .failed(let why): why
        case .crashed(let signal): "the render crashed (signal \(signal))"
        case .pageTooLarge(let limit): "the rendered page exceeds \(limit >> 20) MiB (stopped)"
        case .noReport(let status): "the render exited with status \(status) without a report"
        case .couldNotStart(let why): why
        }
    }

    private static func seconds(_ milliseconds: Int) -> String {
        let value = Double(milliseconds) / 1000
        return value == value.rounded() ? String(Int(value)) : String(format: "%.2g", value)  // gowasm: allow-trap: milliseconds (an Int) / 1000: always fits
    }

    /// What a failed pre-render in this process amounts to.
    public init(_ error: PrerenderError) {
        switch error {
        case .trap(let message): self = .trap(message.split(separator: "\n").first.map(String.init) ?? message)
        case .panic(let message): self = .panic(message)
        case .exited(let code, let output): self = .exited(code: code, output: output)
        case .outOfMemory(let limit): self = .outOfMemory(limitBytes: limit)
        case .overBudget(.wallClock(let limit)): self = .overBudget(.wallClock(milliseconds: Self.milliseconds(limit)))
        case .overBudget(.virtualTime(let limit)): self = .overBudget(.virtualTime(milliseconds: Self.milliseconds(limit)))
        case .overBudget(.instructions(let limit)): self = .overBudget(.instructions(limit))
        case .noProgram(let failure): self = .noProgram(failure)
        case .noPage, .unreadable, .invalidRoute, .unsupported:
            self = .failed(error.description.split(separator: "\n").first.map(String.init) ?? error.description)
        }
    }

    private static func milliseconds(_ duration: Duration) -> Int { Int(duration.nanoseconds / 1_000_000) }  // gowasm: allow-trap: our own measured durations
}

/// What the render child writes, as one JSON line, on its report descriptor (fd 3) before it exits.
public enum RenderReport: Codable, Sendable, Equatable {
    /// The page is on stdout.
    case rendered
    case failed(RenderProblem)

    /// The descriptor the parent reads reports from.
    public static let descriptor: Int32 = 3

    /// Writes the report to fd 3 (nothing happens when it is not open: a render run by hand).
    public func write() {
        guard var line = try? JSONEncoder().encode(self) else { return }
        line.append(UInt8(ascii: "\n"))
        line.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = Glibc.write(Self.descriptor, bytes.baseAddress! + offset, bytes.count - offset)  // gowasm: allow-trap: the loop runs only while offset < bytes.count, so the buffer is not empty
                if written < 0, errno == EINTR { continue }
                guard written > 0 else { return }
                offset += written
            }
        }
    }

    /// The report in `bytes`, nil when there is none or it does not parse (a child that died mid-write).
    public init?(parsing bytes: [UInt8]) {
        guard let line = bytes.split(separator: UInt8(ascii: "\n")).first,
            let report = try? JSONDecoder().decode(RenderReport.self, from: Data(line))
        else { return nil }
        self = report
    }
}

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
        case .killedAtDeadline: return .failed(.overBudget(.wallClock(milliseconds: Int(budget.nanoseconds / 1_000_000))))  // gowasm: allow-trap: our own budget (at most 3600 s)
        case .killedForMemory: return .failed(.outOfMemory(limitBytes: memoryBudget))
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
