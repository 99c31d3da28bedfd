import Foundation

/// Phase timings on stderr when WS_TRACE=1, for profiling (never in normal output).
public final class Trace {
    let enabled: Bool
    private var last = DispatchTime.now()

    init(enabled: Bool) { self.enabled = enabled }

    func mark(_ what: String) {
        guard enabled else { return }
        let now = DispatchTime.now()
        let ms = Double(now.uptimeNanoseconds - last.uptimeNanoseconds) / 1_000_000
        Notes.sink.err(String(format: "trace: %7.1f ms  %@\n", ms, what))
        last = now
    }
}
