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
}

/// The one place that turns a typed error into what a front end reports: its kind, the message,
/// and the cause where a front end says more (MCP's next step). No other place matches error types.
public struct ClassifiedError {
    /// Each kind's raw value is its exit code in DESIGN.md (MCP turns the kinds into its tool results).
    public enum Kind: Int32, Sendable { case refused = 3, notFound = 4, usage = 64, error = 1 }
    /// The causes a front end explains beyond the message; every other error is `.other`.
    public enum Cause { case refusal(Refusal), untrustedChecks(UntrustedChecks), versionConflict, other }

    public var kind: Kind
    public var message: String
    public var cause: Cause = .other

    /// Nil for an error ws does not know (the argument parser's own, say), which the front end reports as it is.
    public init?(_ error: Error) {
        switch error {
        case let e as CLIError: (kind, message) = (Kind(rawValue: e.code) ?? .error, e.message)
        case let r as Refusal:
            (kind, message, cause) = (Kind(rawValue: r.exitCode) ?? .error, r.description, .refusal(r))
        case let f as PlanParser.Failure: (kind, message) = (.error, f.description)
        case let p as ProviderFailure: (kind, message) = (.error, p.description)
        case let u as UntrustedPlugin: (kind, message) = (.refused, u.description)
        case let u as UntrustedChecks: (kind, message, cause) = (.refused, u.description, .untrustedChecks(u))
        case let l as ProviderLookupError: (kind, message) = (Self.kind(l), l.description)
        case let s as EventStoreError: (kind, message, cause) = Self.classify(s)
        case let p as PostgresStoreError: (kind, message) = (.error, p.description)
        case let r as RepositoryNotFound: (kind, message) = (.error, r.message)
        case let g as GitError: (kind, message) = (.error, g.isLocked ? LockAdvice.message(g) : g.description)
        case let d as EventCodec.DecodingFailure:
            (kind, message) = (.error, "the log holds an event this ws cannot read: \(d)")
        default: return nil
        }
    }

    /// The message of any error: ws's own wording where it has one.
    public static func message(_ error: Error) -> String { ClassifiedError(error)?.message ?? "\(error)" }

    static func kind(_ lookup: ProviderLookupError) -> Kind {
        switch lookup {
        case .unknown: return .notFound
        case .untrusted: return .refused
        case .failed: return .error
        }
    }

    static func classify(_ store: EventStoreError) -> (Kind, String, Cause) {
        switch store {
        case .versionConflict: return (.refused, store.description, .versionConflict)
        case .eventIdReused: return (.refused, store.description, .other)
        case .notInitialized, .notALog, .newerSchema, .diskFull, .corrupt, .importRejected, .io:
            return (.error, store.description, .other)
        }
    }
}
