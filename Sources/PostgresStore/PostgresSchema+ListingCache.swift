/// Schema 7: `ws_listing_row` (schema 5, the packed listing of each workstream row, a stored generated column)
/// as the same expression in PL/pgSQL. As a SQL function with a SET clause it cannot be inlined, so every
/// workstream write parsed and planned its body anew (`fmgr_sql`: 6 % of all CPU in a profile of the
/// 16-process appends, a fifth of the server's); PL/pgSQL keeps the plan for the session. Same text out:
/// the SET clause, which makes the doubles print shortest-exact whatever the session says, stays.
extension PostgresSchema {
    static let listingRowCached = """
        CREATE OR REPLACE FUNCTION ws_listing_row(id text, title text, phase text, owner text,
            estimate double precision, agent text, blocked_reason text, conflict text, lifecycle text,
            tasks_done bigint, tasks_total bigint, open_deps bigint,
            lease_minutes double precision, lease_renewed_at text, depends_on text[])
        RETURNS text LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
        SET extra_float_digits = 1 SET plan_cache_mode = force_generic_plan AS $$
        BEGIN
            RETURN \(listingExpression);
        END $$
        """
}
