import ArgumentParser
import Foundation

/// `gowasm-serve`: the one executable. Each job is a subcommand in its own file; `gowasm-serve ./dist`
/// is `serve` (the default subcommand).
@main
struct GowasmServe: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gowasm-serve",
        abstract: "Serve, build, run, pre-render and inspect Go (GOOS=js GOARCH=wasm) apps.",
        discussion: """
            Flags of serve, dev, build and export may live in gowasm.toml in the current directory (or the file \
            given with --config FILE, before or after the subcommand): keys are the long flag names, at the top \
            level for every command that has the flag, or under [serve], [dev], [build], [export]. The command line \
            wins over the file.
            """,
        version: "0.1.0",
        subcommands: [
            Serve.self,
            BuildCommand.self,
            DevCommand.self,
            Run.self,
            Inspect.self,
            Check.self,
            ExportCommand.self,
            PrerenderCommand.self,
            Version.self,
        ],
        defaultSubcommand: Serve.self
    )

    /// Bad arguments get one line on stderr and exit 64 (EX_USAGE); help and version print in full.
    static func main() async {
        do {
            let arguments = try ConfigArguments.apply(
                to: Array(CommandLine.arguments.dropFirst()), currentDirectory: FileManager.default.currentDirectoryPath
            )
            var command = try parseAsRoot(arguments)
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            StandardError.flush()  // log lines are written by a thread of their own: let it finish
        } catch {
            exitWithOneLine(error)
        }
    }

    static func exitWithOneLine(_ error: Error) -> Never {
        StandardError.flush()  // earlier lines first
        let code = exitCode(for: error)
        if code == .success || error is CleanExit {
            exit(withError: error)  // --help, --version: ArgumentParser prints them in full
        }
        if let failure = error as? CommandFailure {
            FileHandle.standardError.write(Data("gowasm-serve: \(failure.message)\n".utf8))
            Foundation.exit(failure.exitCode)
        }
        if error is ExitCode { exit(withError: error) }
        let message = fullMessage(for: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
        let trimmed = message.hasPrefix("Error: ") ? String(message.dropFirst(7)) : message
        FileHandle.standardError.write(Data("gowasm-serve: \(trimmed) (see 'gowasm-serve --help')\n".utf8))
        Foundation.exit(code == .validationFailure ? 64 : code.rawValue)
    }
}

/// A failure a subcommand reports as one line and an exit code.
struct CommandFailure: Error {
    let message: String
    let exitCode: Int32
    init(_ message: String, exitCode: Int32 = 1) {
        self.message = message
        self.exitCode = exitCode
    }
}

struct Version: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print the version.")
    func run() { print(GowasmServe.configuration.version) }
}
