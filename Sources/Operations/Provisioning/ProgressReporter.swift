import Foundation
import Providers

/// Shows a provider's progress on stderr: on a terminal one live line with
/// the elapsed time and the provider's last message, redrawn as time passes;
/// otherwise one timestamped line per message. Every message goes through
/// the secret mask first.
public final class ProgressReporter: @unchecked Sendable {
    let label: String
    let live: Bool
    private let started = Date()
    private let lock = NSLock()
    private var last = "starting"
    private var mask: SecretMask
    private var timer: DispatchSourceTimer?
    /// Plain lines shown so far: a provider that floods its progress does not flood the log of whoever runs ws.
    private var shown = 0
    static let maxLines = 200

    init(label: String, mask: SecretMask, environment: [String: String]) {
        self.label = label
        self.mask = mask
        live = isatty(STDERR_FILENO) == 1 && environment["TERM"] != "dumb"
    }

    func start() {
        guard live else { return }
        let t = DispatchSource.makeTimerSource(queue: .global())
        t.schedule(deadline: .now(), repeating: .milliseconds(200))
        t.setEventHandler { [weak self] in self?.redraw() }
        t.resume()
        timer = t
    }

    func update(_ message: String) {
        let clean = mask.apply(message).replacingOccurrences(of: "\n", with: " ")
        lock.lock(); last = clean; lock.unlock()
        if live { return redraw() }
        shown += 1
        if shown <= Self.maxLines {
            Notes.sink.err("\(Clock.format(Date())) \(label): \(clean)\n")
        } else if shown == Self.maxLines + 1 {
            Notes.sink.err("\(Clock.format(Date())) \(label): (more progress; only the last message will be shown)\n")
        }
    }

    /// Ends the live line, leaving the final state on screen.
    func finish(_ message: String) {
        timer?.cancel(); timer = nil
        if !live && shown > Self.maxLines { Notes.sink.err("\(Clock.format(Date())) \(label): \(last)\n") }
        let text = mask.apply(message)
        if live {
            Notes.sink.err("\r\u{1B}[2K\(label): \(text) (\(elapsed))\n")
        } else {
            Notes.sink.err("\(Clock.format(Date())) \(label): \(text) (\(elapsed))\n")
        }
    }

    var elapsed: String { String(format: "%.1f s", Date().timeIntervalSince(started)) }

    private func redraw() {
        lock.lock(); let message = last; lock.unlock()
        let width = 100
        let line = "[\(elapsed)] \(label): \(message)"
        Notes.sink.err("\r\u{1B}[2K\(line.count > width ? String(line.prefix(width - 1)) + "…" : line)")
    }
}
