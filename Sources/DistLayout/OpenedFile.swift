import Glibc

/// An open, read-only file descriptor shared by whoever sends from it; closed when the last holder lets go.
/// Reads go through `pread`/`sendfile` with explicit offsets, so holders never disturb each other.
/// Here rather than in HTTPServer because `SiteRoot` opens the files it finds (and Prerender reads them).
public final class OpenedFile: Sendable {
    public let descriptor: Int32

    /// Takes ownership of `descriptor`.
    public init(adopting descriptor: Int32) { self.descriptor = descriptor }

    deinit { _ = Glibc.close(descriptor) }
}
