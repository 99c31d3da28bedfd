import Foundation
import GitStore
import PostgresStore

/// `.ws/config.json` is committed, so any clone can change the store it names; connecting to it
/// sends this machine's PGPASSWORD there (and a `sqlite://` path makes ws write its log where
/// another clone chose). So a store the committed config names is used only when this clone's
/// own git configuration names the same one (`git config ws.store <url>`), as a person sets it
/// once; WS_STORE, which only this machine sets, needs no such consent.
extension Workspace {
    static let storeConsentKey = "ws.store"

    static func requireConsentToCommittedStore(_ config: ProjectConfig, environment: [String: String],
                                               location: RepositoryLocation) throws {
        guard environment["WS_STORE"].map({ $0.isEmpty }) ?? true else { return }
        // Without a file that could set it, the consent is certainly absent: libgit2 is not loaded for nothing
        // (most commands name no store and check this on every run).
        let consented: String?
        if !location.configMaySet(section: "ws", key: "store", environment: environment) {
            consented = nil
        } else {
            do {
                consented = try Repository(discoveringFrom: location.workTree).configValue(storeConsentKey)
            } catch {
                consented = nil
            }
        }
        guard let named = config.store else {
            try refuseLocalLog(consented: consented)
            return
        }
        // A password in the committed file is refused on its own, with its own message (postgresURL).
        if PostgresURL.isPostgres(named), (try? PostgresURL(parsing: named))?.password != nil { return }
        guard consented != named else { return }
        let shown = PostgresURL.redact(named)
        let what = consented == nil ? "this clone has not agreed to it"
                                    : "this clone agreed to another store (\(PostgresURL.redact(consented ?? "")))"
        throw CLIError(code: ExitCodes.refused, message: ".ws/config.json names the store \(shown), and \(what). "
                       + "The file is committed, so any clone can change it, and ws would send this machine's "
                       + "PGPASSWORD there. If it is your team's store, agree once: git config \(storeConsentKey) '"
                       + shown + "' (or set WS_STORE). Nothing was opened.")
    }

    /// This clone agreed to a store, and the committed config names none (or "sqlite"): someone changed the
    /// config, and going on would record this clone's events in its own SQLite log, out of the team's sight.
    private static func refuseLocalLog(consented: String?) throws {
        guard let consented, !consented.isEmpty else { return }
        throw CLIError(code: ExitCodes.error, message: "this clone agreed to the store "
                       + "\(PostgresURL.redact(consented)) (git config \(storeConsentKey)), but .ws/config.json names "
                       + "no store, so ws would record in this clone's own SQLite log. If the team left that store, "
                       + "drop the consent (git config --unset \(storeConsentKey)); otherwise restore the store in "
                       + ".ws/config.json (or set WS_STORE). Nothing was opened or recorded.")
    }

    /// The PostgreSQL store WS_STORE names, without its password, for `ws init` to commit; nil for anything else.
    public static func sharedStoreToCommit(_ environment: [String: String]) -> String? {
        guard let text = environment["WS_STORE"], PostgresURL.isPostgres(text),
              var url = try? PostgresURL(parsing: text) else { return nil }
        url.password = nil
        return url.redacted
    }
}
