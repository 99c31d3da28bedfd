import Foundation
import WorkstreamKit

/// Why a path given on the command line cannot be read or written, in words: Foundation's own errors say
/// "NSCocoaErrorDomain error 256" for a folder, or "The file doesn't exist" for `/proc/self/mem`.
enum FileProblem {
    /// Why `path` cannot be read as a file (a folder), nil when nothing is known against it.
    static func forReading(_ path: String) -> String? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return st.st_mode & S_IFMT == S_IFDIR ? "it is a folder, not a file" : nil
    }

    /// Why a file cannot be written at `path` (a folder, a device, a missing folder), nil when nothing is known.
    static func forWriting(_ path: String) -> String? {
        var st = stat()
        if stat(path, &st) == 0 {
            if st.st_mode & S_IFMT == S_IFDIR { return "it is a folder; give the path of a file to write" }
            if st.st_mode & S_IFMT != S_IFREG { return "it is not a regular file (a device, a FIFO or a socket)" }
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        guard stat(folder, &st) == 0 else { return "its folder \(Text.printable(folder, 120)) does not exist" }
        return st.st_mode & S_IFMT == S_IFDIR ? nil : "\(Text.printable(folder, 120)) is not a folder"
    }

    /// Why an atomic write of `path` failed: it writes a new file in the same folder and renames it over
    /// `path`, so a folder that takes no new files (`/proc/self`) fails it even where `path` itself exists.
    static func writeFailure(_ path: String, _ error: Error) -> String {
        let folder = Text.printable(URL(fileURLWithPath: path).deletingLastPathComponent().path, 120)
        return "\(reason(error)) (ws writes a new file in \(folder) and renames it over \(Text.printable(path, 120)); "
            + "write to a file in a folder you can write)"
    }

    /// The system's reason behind a Foundation file error, when it carries one.
    static func reason(_ error: Error) -> String {
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return ns.localizedDescription
    }
}
