/// Schema 5: each workstream row carries its listing row (`listing`), the summary columns packed into one
/// text the server keeps itself (a stored generated column, so every writer, whatever it writes, leaves it
/// current). `status --json` of 10,000 workstreams is then one text cell of about 1 MB built by one ordered
/// aggregate, not 10,000 rows of 15 cells each decoded by PostgresNIO (release, loopback, 10,000
/// workstreams: the client spent more than half its time there). `PackedListing` reads it back.
/// The cost: every workstream write also writes its listing and that index entry.
///
/// The packing, field after field in `SummaryColumns.sql` order, then the dependencies:
/// text `<UTF-8 length>:<bytes>`, NULL `-`; integers `<digits>;`; doubles as text, printed shortest-exact
/// (`extra_float_digits` above 0), so they parse back to the same value; the dependencies `<count>;`
/// followed by each as text, in the order `depends_on` keeps them.
extension PostgresSchema {
    static let version5 = [
        """
        CREATE OR REPLACE FUNCTION ws_listing_row(id text, title text, phase text, owner text,
            estimate double precision, agent text, blocked_reason text, conflict text, lifecycle text,
            tasks_done bigint, tasks_total bigint, open_deps bigint,
            lease_minutes double precision, lease_renewed_at text, depends_on text[])
        RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE SET extra_float_digits = 1 AS $$
        SELECT \(listingExpression)
        $$
        """,
        """
        ALTER TABLE workstreams ADD COLUMN IF NOT EXISTS listing text NOT NULL GENERATED ALWAYS AS (ws_listing_row(
            id, title, phase, owner, estimate, agent, blocked_reason, conflict, lifecycle, tasks_done, tasks_total,
            open_deps, lease_minutes, lease_renewed_at, depends_on)) STORED
        """,
        // Listing order with the listing beside it: the listings read this index only, never the heap of documents
        // (server time of `status`'s query at 10,000 workstreams, median of 9: 17.6 ms without it, 2.9 ms with it).
        "CREATE INDEX IF NOT EXISTS workstreams_listing ON workstreams (position, id) INCLUDE (listing)",
        // Writers of schema 4 would keep the listing current too, but one fence rule for every schema.
        writerFence(schema: 5),
    ]

    /// The packed listing of one row, from the function's arguments (see above).
    static let listingExpression = """
        octet_length(id) || ':' || id || octet_length(title) || ':' || title
            || coalesce(octet_length(phase) || ':' || phase, '-')
            || coalesce(octet_length(owner) || ':' || owner, '-')
            || coalesce(octet_length(estimate::text) || ':' || estimate::text, '-')
            || coalesce(octet_length(agent) || ':' || agent, '-')
            || coalesce(octet_length(blocked_reason) || ':' || blocked_reason, '-')
            || coalesce(octet_length(conflict) || ':' || conflict, '-')
            || octet_length(lifecycle) || ':' || lifecycle
            || tasks_done || ';' || tasks_total || ';' || open_deps || ';'
            || coalesce(octet_length(lease_minutes::text) || ':' || lease_minutes::text, '-')
            || coalesce(octet_length(lease_renewed_at) || ':' || lease_renewed_at, '-')
            || cardinality(depends_on) || ';'
            || coalesce((SELECT string_agg(octet_length(d) || ':' || d, '' ORDER BY o)
                         FROM unnest(depends_on) WITH ORDINALITY AS u(d, o)), '')
        """

    /// The listing rows of the workstreams matching `condition`, in listing order, as one text (NULL: none).
    static func packedListing(where condition: String) -> String {
        "SELECT string_agg(listing, '' ORDER BY position, id) FROM workstreams WHERE \(condition)"
    }
}
