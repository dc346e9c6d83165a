import Dispatch
import Foundation
import PageRendering

/// Pre-rendering of HTML pages: who renders, within which bounds, and where events are reported.
public struct Prerendering: Sendable {
    public struct Limits: Sendable {
        /// Routes whose rendering (or failure) is kept; least recently used ones go first.
        public var pages = 256
        /// Renders running at once (each is a process that keeps a core busy).
        public var concurrentRenders = max(1, ProcessInfo.processInfo.activeProcessorCount)
        /// Renders waiting for a slot; beyond this, pages are served plain at once.
        public var queuedRenders = 4 * max(1, ProcessInfo.processInfo.activeProcessorCount)
        /// A failed render is tried again for a request after this long, not before.
        public var retryFailuresAfter: Duration = .seconds(30)
        /// Renders started per minute (a token bucket holding `renderBurst`); beyond, pages are served plain.
        public var rendersPerMinute = 120
        public var renderBurst = 16
        /// Memory one render may use, and all renders running at once together: fewer run at once when
        /// the total does not hold `concurrentRenders` of them.
        public var memoryPerRender = 1 << 30
        public var totalRenderMemory = 2 << 30
        /// Bytes of rendered pages (with their compressed variants) kept; least recently used go first.
        public var memory = 16 << 20
        public init() {}

        /// Renders that may run at once: the configured count, within the total memory budget.
        var rendersAtOnce: Int {
            max(1, min(concurrentRenders, totalRenderMemory / max(1, memoryPerRender)))
        }
    }

    public var renderer: any PageRenderer
    public var limits = Limits()
    /// Renders and fallbacks; called from any thread.
    public var log: @Sendable (PrerenderEvent) -> Void
    /// Nanoseconds of a monotonic clock, for the render rate (injected by tests).
    public var clock: @Sendable () -> UInt64 = { DispatchTime.now().uptimeNanoseconds }

    public init(renderer: any PageRenderer, log: @escaping @Sendable (PrerenderEvent) -> Void = { _ in }) {
        self.renderer = renderer
        self.log = log
    }
}
