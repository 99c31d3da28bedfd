/* The libgit2 functions ws calls, each forwarding to the library opened on
   first use (see loader.h). The compiler checks every signature against
   <git2.h>, which the shim this file includes brings in. */
#include "../CLibGit2/shim.h"
#include "loader.h"

#define GIT(ret, name, params, args, failed) WS_TRAMPOLINE(libgit2, ret, name, params, args, failed)
#define GIT_VOID(name, params, args) WS_TRAMPOLINE_VOID(libgit2, name, params, args)

GIT(int, git_libgit2_init, (void), (), -1)
GIT(const git_error *, git_error_last, (void), (), NULL)
GIT_VOID(git_error_clear, (void), ())

int ws_git_enable_fsync_gitdir(int enabled) {
    int (*opts)(int, ...) = (int (*)(int, ...)) ws_libgit2_symbol("git_libgit2_opts");
    return opts ? opts(GIT_OPT_ENABLE_FSYNC_GITDIR, enabled) : -1;
}

int ws_git_set_cache_object_limit(git_object_t type, size_t size) {
    int (*opts)(int, ...) = (int (*)(int, ...)) ws_libgit2_symbol("git_libgit2_opts");
    return opts ? opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, type, size) : -1;
}

GIT(int, git_repository_open_ext, (git_repository **out, const char *path, unsigned int flags, const char *ceiling_dirs), (out, path, flags, ceiling_dirs), -1)
GIT_VOID(git_repository_free, (git_repository *repo), (repo))
GIT(const char *, git_repository_workdir, (const git_repository *repo), (repo), NULL)
GIT(const char *, git_repository_commondir, (const git_repository *repo), (repo), NULL)
GIT(const char *, git_repository_path, (const git_repository *repo), (repo), NULL)
GIT(int, git_repository_is_bare, (const git_repository *repo), (repo), -1)
GIT(int, git_repository_state, (git_repository *repo), (repo), -1)
GIT(int, git_repository_index, (git_index **out, git_repository *repo), (out, repo), -1)
GIT(int, git_repository_head, (git_reference **out, git_repository *repo), (out, repo), -1)

GIT(int, git_reference_lookup, (git_reference **out, git_repository *repo, const char *name), (out, repo, name), -1)
GIT(const git_oid *, git_reference_target, (const git_reference *ref), (ref), NULL)
GIT(const char *, git_reference_symbolic_target, (const git_reference *ref), (ref), NULL)
GIT(int, git_reference_create, (git_reference **out, git_repository *repo, const char *name, const git_oid *id, int force, const char *log_message), (out, repo, name, id, force, log_message), -1)
GIT(int, git_reference_name_to_id, (git_oid *out, git_repository *repo, const char *name), (out, repo, name), -1)
GIT(int, git_reference_create_matching, (git_reference **out, git_repository *repo, const char *name, const git_oid *id, int force, const git_oid *current_id, const char *log_message), (out, repo, name, id, force, current_id, log_message), -1)
GIT_VOID(git_reference_free, (git_reference *ref), (ref))

GIT(int, git_transaction_new, (git_transaction **out, git_repository *repo), (out, repo), -1)
GIT(int, git_transaction_lock_ref, (git_transaction *tx, const char *refname), (tx, refname), -1)
GIT(int, git_transaction_set_target, (git_transaction *tx, const char *refname, const git_oid *target, const git_signature *sig, const char *msg), (tx, refname, target, sig, msg), -1)
GIT(int, git_transaction_commit, (git_transaction *tx), (tx), -1)
GIT_VOID(git_transaction_free, (git_transaction *tx), (tx))

GIT(char *, git_oid_tostr, (char *out, size_t n, const git_oid *id), (out, n, id), NULL)
GIT(int, git_oid_equal, (const git_oid *a, const git_oid *b), (a, b), 0)
GIT(int, git_repository_odb, (git_odb **out, git_repository *repo), (out, repo), -1)
GIT(int, git_odb_exists, (git_odb *db, const git_oid *id), (db, id), 0)
GIT_VOID(git_odb_free, (git_odb *db), (db))
GIT(int, git_odb_hash, (git_oid *out, const void *data, size_t len, git_object_t type), (out, data, len, type), -1)

GIT(int, git_index_open, (git_index **out, const char *index_path), (out, index_path), -1)
GIT(int, git_index_set_caps, (git_index *index, int caps), (index, caps), -1)
GIT(int, git_repository_set_index, (git_repository *repo, git_index *index), (repo, index), -1)
GIT(int, git_index_read, (git_index *index, int force), (index, force), -1)
GIT(int, git_index_write, (git_index *index), (index), -1)
GIT(int, git_index_add, (git_index *index, const git_index_entry *source_entry), (index, source_entry), -1)
GIT(int, git_index_add_bypath, (git_index *index, const char *path), (index, path), -1)
GIT(int, git_index_add_from_buffer, (git_index *index, const git_index_entry *entry, const void *buffer, size_t len), (index, entry, buffer, len), -1)
GIT(int, git_index_remove_bypath, (git_index *index, const char *path), (index, path), -1)
GIT(int, git_index_remove, (git_index *index, const char *path, int stage), (index, path, stage), -1)
GIT(const git_index_entry *, git_index_get_bypath, (git_index *index, const char *path, int stage), (index, path, stage), NULL)
/* A merge in progress: its conflicts are listed, and those ws settles are resolved (stages 1-3 removed). */
GIT(size_t, git_index_entrycount, (const git_index *index), (index), 0)
GIT(const git_index_entry *, git_index_get_byindex, (git_index *index, size_t n), (index, n), NULL)
GIT(int, git_index_entry_stage, (const git_index_entry *entry), (entry), 0)
GIT(int, git_index_conflict_remove, (git_index *index, const char *path), (index, path), -1)

GIT(int, git_diff_options_init, (git_diff_options *opts, unsigned int version), (opts, version), -1)
GIT(int, git_diff_tree_to_index, (git_diff **diff, git_repository *repo, git_tree *old_tree, git_index *index, const git_diff_options *opts), (diff, repo, old_tree, index, opts), -1)
GIT(size_t, git_diff_num_deltas, (const git_diff *diff), (diff), 0)
GIT(const git_diff_delta *, git_diff_get_delta, (const git_diff *diff, size_t idx), (diff, idx), NULL)
GIT_VOID(git_diff_free, (git_diff *diff), (diff))
GIT_VOID(git_index_free, (git_index *index), (index))

GIT(int, git_blob_lookup, (git_blob **blob, git_repository *repo, const git_oid *id), (blob, repo, id), -1)
GIT(int, git_blob_create_from_buffer, (git_oid *id, git_repository *repo, const void *buffer, size_t len), (id, repo, buffer, len), -1)
GIT(const void *, git_blob_rawcontent, (const git_blob *blob), (blob), NULL)
GIT(git_object_size_t, git_blob_rawsize, (const git_blob *blob), (blob), 0)
GIT_VOID(git_blob_free, (git_blob *blob), (blob))

GIT(int, git_tree_lookup, (git_tree **out, git_repository *repo, const git_oid *id), (out, repo, id), -1)
GIT(const git_oid *, git_tree_id, (const git_tree *tree), (tree), NULL)
GIT(size_t, git_tree_entrycount, (const git_tree *tree), (tree), 0)
GIT(const git_tree_entry *, git_tree_entry_byindex, (const git_tree *tree, size_t idx), (tree, idx), NULL)
GIT(int, git_tree_entry_bypath, (git_tree_entry **out, const git_tree *root, const char *path), (out, root, path), -1)
GIT(const char *, git_tree_entry_name, (const git_tree_entry *entry), (entry), NULL)
GIT(const git_oid *, git_tree_entry_id, (const git_tree_entry *entry), (entry), NULL)
GIT(git_filemode_t, git_tree_entry_filemode, (const git_tree_entry *entry), (entry), GIT_FILEMODE_UNREADABLE)
GIT(git_object_t, git_tree_entry_type, (const git_tree_entry *entry), (entry), GIT_OBJECT_INVALID)
GIT_VOID(git_tree_entry_free, (git_tree_entry *entry), (entry))
GIT(int, git_tree_create_updated, (git_oid *out, git_repository *repo, git_tree *baseline, size_t nupdates, const git_tree_update *updates), (out, repo, baseline, nupdates, updates), -1)
GIT_VOID(git_tree_free, (git_tree *tree), (tree))

GIT(int, git_treebuilder_new, (git_treebuilder **out, git_repository *repo, const git_tree *source), (out, repo, source), -1)
GIT(int, git_treebuilder_write, (git_oid *id, git_treebuilder *bld), (id, bld), -1)
GIT_VOID(git_treebuilder_free, (git_treebuilder *bld), (bld))

GIT(int, git_commit_lookup, (git_commit **commit, git_repository *repo, const git_oid *id), (commit, repo, id), -1)
GIT(const git_oid *, git_commit_id, (const git_commit *commit), (commit), NULL)
GIT(const char *, git_commit_message, (const git_commit *commit), (commit), NULL)
GIT(int, git_commit_tree, (git_tree **tree_out, const git_commit *commit), (tree_out, commit), -1)
GIT(int, git_commit_create, (git_oid *id, git_repository *repo, const char *update_ref, const git_signature *author, const git_signature *committer, const char *message_encoding, const char *message, const git_tree *tree, size_t parent_count, const git_commit *parents[]),
    (id, repo, update_ref, author, committer, message_encoding, message, tree, parent_count, parents), -1)
GIT_VOID(git_commit_free, (git_commit *commit), (commit))

GIT(int, git_signature_now, (git_signature **out, const char *name, const char *email), (out, name, email), -1)
GIT_VOID(git_signature_free, (git_signature *sig), (sig))

GIT(int, git_revwalk_new, (git_revwalk **out, git_repository *repo), (out, repo), -1)
GIT(int, git_revwalk_push, (git_revwalk *walk, const git_oid *id), (walk, id), -1)
GIT(int, git_revwalk_hide, (git_revwalk *walk, const git_oid *commit_id), (walk, commit_id), -1)
GIT(int, git_revwalk_simplify_first_parent, (git_revwalk *walk), (walk), -1)
GIT(int, git_revwalk_next, (git_oid *out, git_revwalk *walk), (out, walk), -1)
/* Evidence of a completion: the commits and files between two points of history. */
GIT(int, git_diff_tree_to_tree, (git_diff **diff, git_repository *repo, git_tree *old_tree, git_tree *new_tree, const git_diff_options *opts), (diff, repo, old_tree, new_tree, opts), -1)
GIT(const git_signature *, git_commit_author, (const git_commit *commit), (commit), NULL)
GIT(git_time_t, git_commit_time, (const git_commit *commit), (commit), 0)
GIT(unsigned int, git_commit_parentcount, (const git_commit *commit), (commit), 0)
GIT(int, git_commit_parent, (git_commit **out, const git_commit *commit, unsigned int n), (out, commit, n), -1)
GIT_VOID(git_revwalk_free, (git_revwalk *walk), (walk))

GIT(int, git_repository_config, (git_config **out, git_repository *repo), (out, repo), -1)
GIT(int, git_config_set_string, (git_config *cfg, const char *name, const char *value), (cfg, name, value), -1)
GIT(int, git_config_get_string_buf, (git_buf *out, const git_config *cfg, const char *name), (out, cfg, name), -1)
GIT_VOID(git_config_free, (git_config *cfg), (cfg))
GIT_VOID(git_buf_dispose, (git_buf *buffer), (buffer))
GIT(int, git_graph_descendant_of, (git_repository *repo, const git_oid *commit, const git_oid *ancestor), (repo, commit, ancestor), -1)
GIT(int, git_oid_fromstr, (git_oid *out, const char *str), (out, str), -1)
