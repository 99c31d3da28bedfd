#ifndef WS_CLIBGIT2_SHIM_H
#define WS_CLIBGIT2_SHIM_H

#include <git2.h>

/* git_libgit2_opts is variadic, which Swift cannot call: one typed wrapper per option used. */
static inline int ws_git_enable_fsync_gitdir(int enabled) {
    return git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, enabled);
}

/* Trees larger than 4 KiB are not cached by default; a 10,000-entry folder is ~600 KiB
   and would be re-read and re-parsed for every path looked up in it. */
static inline int ws_git_set_cache_object_limit(git_object_t type, size_t size) {
    return git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, type, size);
}

#endif
