/// The files under `Public/` that the server itself serves, compiled into the binary (Package.swift
/// `embedInCode`), so a release build works wherever it is copied.
public enum PublicAssets {
    public static var liveReloadScript: [UInt8] { PackageResources.live_reload_js }
    public static var errorStyles: String { String(decoding: PackageResources.error_css, as: UTF8.self) }
}
