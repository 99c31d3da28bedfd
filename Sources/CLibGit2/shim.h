#ifndef WS_CLIBGIT2_SHIM_H
#define WS_CLIBGIT2_SHIM_H

/* libgit2's declarations only: the library itself is opened on first use by
   the CLibLoader target, which also defines the functions below. */
#include <git2.h>
/* git_repository_set_index: ws writes the index through its own index object (see IndexWriter). */
#include <git2/sys/repository.h>

/* git_libgit2_opts is variadic, which Swift cannot call: one typed wrapper per option used. */
int ws_git_enable_fsync_gitdir(int enabled);

/* Trees larger than 4 KiB are not cached by default; a 10,000-entry folder is ~600 KiB
   and would be re-read and re-parsed for every path looked up in it. */
int ws_git_set_cache_object_limit(git_object_t type, size_t size);

/* Linux's syncfs(2), which <unistd.h> declares only under _GNU_SOURCE: ws flushes the new
   objects of a commit with one call instead of an fsync per object file. */
int syncfs(int fd);

#endif
