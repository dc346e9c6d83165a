import Foundation
import Mustache

/// The default page, its loader and styles (`Templates/`, compiled into the binary by Package.swift
/// `embedInCode`, so a copied release binary needs no files next to it), rendered with mustache.
public struct PageTemplates: Sendable {
    /// What a page template can use: `{{title}}`, `{{glue.src}}`, `{{glue.integrity}}`, `{{wasm.src}}`,
    /// `{{wasm.integrity}}`, and the partials `{{> loader}}` and `{{> styles}}`.
    public struct Context: Sendable {
        public let title: String
        public let glue: PageAsset
        public let wasm: PageAsset
        public init(title: String, glue: PageAsset, wasm: PageAsset) {
            self.title = title
            self.glue = glue
            self.wasm = wasm
        }

        var values: [String: Any] {
            [
                "title": title,
                "glue": ["src": glue.url, "integrity": glue.integrity],
                "wasm": ["src": wasm.url, "integrity": wasm.integrity],
            ]
        }
    }

    public static var defaultPage: String { String(decoding: PackageResources.index_html_mustache, as: UTF8.self) }
    public static var loaderScript: String { String(decoding: PackageResources.loader_js_mustache, as: UTF8.self) }
    public static var styles: String { String(decoding: PackageResources.styles_css_mustache, as: UTF8.self) }

    /// Renders `page` (the default page, or a `--template` file's text named `source` in errors).
    public static func render(page: String, source: String, context: Context) throws(BuildError) -> String {
        let library: MustacheLibrary
        let template: MustacheTemplate
        do {
            template = try MustacheTemplate(string: page)
            library = MustacheLibrary(templates: [
                // Hex names and base64 contain nothing HTML escaping changes, so they are safe in the script.
                "loader": try MustacheTemplate(string: loaderScript),
                "styles": try MustacheTemplate(string: styles),
            ])
        } catch {
            throw .templateInvalid(path: source, detail: "\(error)")
        }
        return template.render(context.values, library: library)
    }
}
