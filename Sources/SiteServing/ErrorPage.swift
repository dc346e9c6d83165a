import HTTPServer

/// The HTML a visitor sees for 404, 405 and friends: says what happened, styled by `Public/error.css`
/// (inlined, so the page needs no second request).
public enum ErrorPage {
    public static func response(_ status: HTTPStatus, detail: String, headers extra: HTTPHeaders = [:]) -> HTTPResponse
    {
        let html = """
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(status.code) \(escape(status.reason))</title>
            <style>
            \(PublicAssets.errorStyles)</style>
            </head>
            <body>
            <main>
            <h1>\(status.code) <span>\(escape(status.reason))</span></h1>
            <p>\(escape(detail))</p>
            <footer>gowasm-serve</footer>
            </main>
            </body>
            </html>

            """
        var headers: HTTPHeaders = [
            "Content-Type": "text/html; charset=utf-8",
            "Cache-Control": "no-cache",
            "X-Content-Type-Options": "nosniff",
        ]
        for field in extra { headers[field.name] = field.value }
        return HTTPResponse(status: status, headers: headers, body: .bytes(Array(html.utf8)))
    }

    /// Text for HTML element content and attribute values.
    public static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
