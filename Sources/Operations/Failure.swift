import EventLog
import GitStore
import Providers
import WorkstreamKit
import PostgresStore

/// An error the CLI reports as a message on stderr and an exit code.
public struct CLIError: Error, CustomStringConvertible {
    public var code: Int32
    public var message: String
    public var description: String { message }
    public init(code: Int32, message: String) { self.code = code; self.message = message }
}

/// Exit codes from DESIGN.md.
public enum ExitCodes {
    public static let ok: Int32 = 0
    public static let error: Int32 = 1
    public static let refused: Int32 = 3
    public static let notFound: Int32 = 4
    /// swift-argument-parser's code for a usage error (EX_USAGE).
    public static let usage: Int32 = 64

    /// The one place that turns a typed error into what the user sees.
    public static func classify(_ error: Error) -> (code: Int32, message: String)? {
        switch error {
        case let e as CLIError: return (e.code, e.message)
        case let r as Refusal: return (r.exitCode, r.description)
        case let f as PlanParser.Failure: return (ExitCodes.error, f.description)
        case let p as ProviderFailure: return (ExitCodes.error, p.description)
        case let u as UntrustedPlugin: return (refused, u.description)
        case let u as UntrustedChecks: return (refused, u.description)
        case let l as ProviderLookupError:
            switch l {
            case .unknown: return (notFound, l.description)
            case .untrusted: return (refused, l.description)
            case .failed: return (ExitCodes.error, l.description)
            }
        case let s as EventStoreError:
            switch s {
            case .versionConflict, .eventIdReused: return (refused, s.description)
            default: return (ExitCodes.error, s.description)
            }
        case let p as PostgresStoreError: return (ExitCodes.error, p.description)
        case let r as RepositoryNotFound: return (ExitCodes.error, r.message)
        case let g as GitError: return (ExitCodes.error, g.isLocked ? LockAdvice.message(g) : g.description)
        case let d as EventCodec.DecodingFailure: return (ExitCodes.error, "the log holds an event this ws cannot read: \(d)")
        default: return nil
        }
    }
}
