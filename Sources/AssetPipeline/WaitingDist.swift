import Foundation

/// What `dev` serves before the package has ever built: a page that says so, in a directory the next good
/// build may replace (an empty manifest marks it as a dist). The build's errors reach the page through the
/// live-reload overlay, and the good build's reload brings the app.
public enum WaitingDist {
    public static func write(to output: URL) throws(BuildError) {
        try fileOperation("create", output.path) {
            try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        }
        let page = """
            <!doctype html>
            <html lang="en">
            <head><meta charset="utf-8"><title>Waiting for a good build</title></head>
            <body><p>Waiting for the first good build: fix the errors and save, and this page reloads.</p></body>
            </html>

            """
        let index = output.appendingPathComponent("index.html")
        try fileOperation("write", index.path) { try Data(page.utf8).write(to: index) }
        let manifest = output.appendingPathComponent(Manifest.fileName)
        let empty = try Manifest(goVersion: nil, files: [:]).encoded()
        try fileOperation("write", manifest.path) { try empty.write(to: manifest) }
    }
}
