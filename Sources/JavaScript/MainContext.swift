import CJavaScriptCore

/// The thread's GLib main context. JavaScriptCore delivers asynchronous work there (the completion of
/// `WebAssembly.instantiate`/`compile` on its own engine, for instance), so an event loop hosting JSC
/// must iterate it.
public enum MainContext {
    /// Dispatches what is ready; with `mayBlock`, first waits until something is (or `wakeAfter` passes).
    /// Returns whether anything was dispatched.
    @discardableResult
    public static func iterate(mayBlock: Bool = false, wakeAfterMilliseconds: UInt32? = nil) -> Bool {
        var wakeUp: UnsafeMutablePointer<GSource>?
        if mayBlock, let milliseconds = wakeAfterMilliseconds, let source = g_timeout_source_new(milliseconds) {
            g_source_set_callback(source, { _ in gboolean(0) }, nil, nil)  // G_SOURCE_REMOVE: only wakes us
            g_source_attach(source, nil)
            wakeUp = source
        }
        let dispatched = g_main_context_iteration(nil, mayBlock ? 1 : 0) != 0
        if let wakeUp {
            g_source_destroy(wakeUp)  // harmless when it already fired
            g_source_unref(wakeUp)
        }
        return dispatched
    }
}
