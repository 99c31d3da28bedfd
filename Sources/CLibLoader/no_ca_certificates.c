/* ws never uses libgit2's network transports (it calls no git_remote_*, git_clone or fetch: people run git
   itself for that), yet Debian's libgit2 1.5 parses every certificate of /etc/ssl/certs/ca-certificates.crt
   inside git_libgit2_init, whatever the command: 52 M instructions (callgrind, static release build), a fifth
   of a whole `ws complete` on the 10,000-workstream plan.

   ws's executable exports these two mbedTLS functions (Package.swift: --export-dynamic-symbol), and the
   dynamic linker binds libgit2's calls to them rather than to libmbedx509's: a library dlopen'ed with
   RTLD_LOCAL looks its symbols up in the executable first. They load nothing, as an unreadable file would
   (MBEDTLS_ERR_X509_FILE_IO_ERROR); libgit2 then starts with no trusted certificate (it ignores the failure),
   so an HTTPS transport, were one ever used in this process, would refuse every server rather than trust
   one. libcurl (OpenSSL) and swift-crypto (BoringSSL) do not use these functions.
   Checked by CertificateSkipTests: libgit2's calls bind to ws, and every git test still passes. */

#define WS_MBEDTLS_ERR_X509_FILE_IO_ERROR (-0x2900)

int mbedtls_x509_crt_parse_file(void *chain, const char *path);
int mbedtls_x509_crt_parse_path(void *chain, const char *path);

int mbedtls_x509_crt_parse_file(void *chain, const char *path) {
    (void)chain;
    (void)path;
    return WS_MBEDTLS_ERR_X509_FILE_IO_ERROR;
}

int mbedtls_x509_crt_parse_path(void *chain, const char *path) {
    (void)chain;
    (void)path;
    return WS_MBEDTLS_ERR_X509_FILE_IO_ERROR;
}
