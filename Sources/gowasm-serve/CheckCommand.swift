import ArgumentParser
import DeployCheck
import Foundation

/// `gowasm-serve check URL|DIR`: is a deployment served right (MIME, compression, caching, SRI, glue ABI)?
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Check a deployed page (http:// or https:// URL) or a dist folder: MIME types, compression, Vary, caching, SRI, glue/wasm skew.",
        discussion:
            "Exit status: 0 when no check fails (warnings allowed), 1 when one does, 2 when the target cannot be checked."
    )

    @Argument(
        help: "A page URL (http://… or https://…) or a dist folder (served with `gowasm-serve serve` for the check).")
    var target: String
    @Flag(help: "Print the results as JSON (documented in docs/deploying.md).") var json = false
    @Option(help: "Seconds to wait for each response.") var timeout: Double = 15
    @Option(
        name: .customLong("ca-file"),
        help: ArgumentHelp(
            "PEM certificates to trust besides the system's, for an https server with a private CA or a self-signed certificate.",
            valueName: "pem"))
    var caFile: String?
    @Flag(help: "Do not verify the https server's certificate (test servers only).") var insecure = false

    func run() throws {
        if caFile != nil && insecure {
            throw CommandFailure("--ca-file and --insecure exclude each other", exitCode: 2)
        }
        let trust: CertificateTrust =
            insecure ? .anyCertificate : caFile.map { CertificateTrust.systemAnd(caFile: $0) } ?? .system
        let fetcher: HTTPFetcher
        do {
            fetcher = try HTTPFetcher(trust: trust, timeout: timeout)
        } catch {
            throw CommandFailure("\(error)", exitCode: 2)
        }
        let checker = DeploymentChecker(fetcher: fetcher)
        var report: CheckReport
        do {
            if target.contains("://") {
                guard let url = URL(string: target) else { throw CommandFailure("not a URL: \(target)", exitCode: 2) }
                report = try checker.check(url: url)
            } else {
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: target, isDirectory: &isDirectory), isDirectory.boolValue
                else {
                    throw DeployCheckError.notADirectory(target)
                }
                let directory = URL(fileURLWithPath: target)
                let server = try ServedDirectory(directory: directory, executable: Self.ownExecutable)
                defer { server.stop() }
                report = try checker.check(url: server.url)
                report.results += DistFacts.check(directory: directory)
                report.target = directory.path
            }
        } catch let error as DeployCheckError {
            throw CommandFailure("\(error)", exitCode: 2)
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let data = (try? encoder.encode(report)) ?? Data("{}".utf8)
            print(String(decoding: data, as: UTF8.self))
        } else {
            print(report.table())
        }
        if report.failed { throw ExitCode(1) }
    }

    /// This executable, to start `serve` for a directory.
    static var ownExecutable: URL {
        URL(
            fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
                ?? CommandLine.arguments[0])
    }
}
