#ifndef WS_CLIBLOADER_H
#define WS_CLIBLOADER_H
#include <stddef.h>

/* libgit2 and libcurl are opened with dlopen the first time a command needs
   them, not by the dynamic linker at every start: between them they pull in
   some forty shared objects, whose loading and symbol binding cost more than
   the whole of `ws ready`. The commands that run most (ready, blocked,
   status, log, task done) never touch either library.

   Each returns 0 once the library is loaded, or -1 with dlerror's text in
   `message` (at most `length` bytes, NUL-terminated). Safe from any thread. */
int ws_load_libgit2(char *message, size_t length);
int ws_load_libcurl(char *message, size_t length);

#endif
