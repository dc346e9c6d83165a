import ArgumentParser
import Foundation
import ProjectConfig

/// Puts `gowasm.toml` (or `--config FILE`) in front of the command line's own arguments, so the file's
/// values are defaults the command line overrides (the last value of an option wins).
enum ConfigArguments {
    /// The commands whose flags the file may hold.
    static let commands: [(name: String, type: any ParsableCommand.Type)] = [
        ("serve", Serve.self), ("dev", DevCommand.self), ("build", BuildCommand.self), ("export", ExportCommand.self),
    ]

    /// `arguments` (without the program name) with the file's arguments inserted after the subcommand name.
    /// No file and no `--config`: the arguments unchanged.
    static func apply(to arguments: [String], currentDirectory: String) throws(CommandFailure) -> [String] {
        var arguments = arguments
        var explicit: String?
        if let index = arguments.firstIndex(where: { $0 == "--config" || $0.hasPrefix("--config=") }) {
            if arguments[index] == "--config" {
                guard index + 1 < arguments.count else { throw CommandFailure("--config needs a file", exitCode: 64) }
                explicit = arguments[index + 1]
                arguments.removeSubrange(index...(index + 1))
            } else {
                explicit = String(arguments[index].dropFirst("--config=".count))
                arguments.remove(at: index)
            }
        }
        let path = explicit ?? currentDirectory + "/" + ConfigFile.defaultName
        guard explicit != nil || FileManager.default.fileExists(atPath: path) else { return arguments }

        // The subcommand: named first, or `serve` by default (`gowasm-serve ./dist`).
        let known = Set(GowasmServe.configuration.subcommands.map { $0._commandName })
        var command = "serve"
        var insertAt = 0
        if let first = arguments.first, known.contains(first) {
            command = first
            insertAt = 1
        } else if arguments.first.map({ $0.hasPrefix("-") }) ?? true {
            return arguments  // --help, --version, nothing: no command to configure
        }
        guard commands.contains(where: { $0.name == command }) else { return arguments }
        do {
            let file = try ConfigFile(path: path)
            let given = try file.arguments(for: command, catalog: catalog)
            if insertAt == 0 { return ["serve"] + given + arguments }
            return [command] + given + Array(arguments.dropFirst())
        } catch {
            throw CommandFailure("\(error)", exitCode: 64)  // EX_USAGE: a bad configuration is a bad argument
        }
    }

    /// Each configurable command's long flags, read from ArgumentParser's own description of the command
    /// (the JSON of `--experimental-dump-help`), so the file accepts exactly what the command line does.
    static var catalog: ConfigFile.Catalog {
        var catalog: ConfigFile.Catalog = [:]
        for (name, type) in commands {
            var flags: [String: ConfigFile.FlagKind] = [:]
            let json = try? JSONSerialization.jsonObject(with: Data(type._dumpHelp().utf8)) as? [String: Any]
            let command = json?["command"] as? [String: Any]
            for argument in command?["arguments"] as? [[String: Any]] ?? [] {
                let longNames = (argument["names"] as? [[String: Any]] ?? [])
                    .filter { $0["kind"] as? String == "long" }.compactMap { $0["name"] as? String }
                guard let long = longNames.first, !["help", "version", "config"].contains(long) else { continue }
                switch argument["kind"] as? String {
                case "flag":
                    // An inverted flag lists both names (precompress, no-precompress): the key is the positive one.
                    let positive = longNames.first { !$0.hasPrefix("no-") } ?? long
                    flags[positive] = .flag(inversion: longNames.first { $0 == "no-" + positive })
                case "option":
                    flags[long] = argument["isRepeating"] as? Bool == true ? .repeatingOption : .option
                default: continue
                }
            }
            catalog[name] = flags
        }
        return catalog
    }
}
