import Foundation
import Operations

extension CLI {
    /// What `ws --version` prints, when the raw command line is exactly that; nil otherwise.
    /// The entry point answers it before building Swift strings or asking swift-argument-parser,
    /// whose reflection over the commands is most of a `--version` process (it is the floor
    /// every command is compared by). `VersionFastPathTests` holds it to the full parser's answer.
    public static func versionAnswer(raw: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>, count: Int) -> String? {
        guard count == 2, let argument = raw[1], strcmp(argument, "--version") == 0 else { return nil }
        return Workspace.version + "\n"
    }

    /// Writes `text` to standard output whole, as the full parser's `print` would.
    public static func write(_ text: String) -> Int32 {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Foundation.write(1, $0.baseAddress, $0.count) }
            if written < 0 { if errno == EINTR { continue }; return ExitCodes.error }
            bytes = bytes.dropFirst(written)
        }
        return ExitCodes.ok
    }
}
