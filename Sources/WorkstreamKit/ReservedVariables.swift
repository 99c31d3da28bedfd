/// Environment variables an artifact may not set. Artifacts become the
/// environment of `ws env` (sourced by people), of checks (which run with the
/// workstream's secrets) and of anything those start — and any clone can record
/// an artifact. So a name that changes *how* a program runs rather than *what
/// it works on* would let another clone choose which program runs, what it
/// loads or what configuration it reads: `PATH=./tools:/usr/bin` turns a
/// trusted `git diff --quiet` into the other clone's `tools/git`.
///
/// The list (docs/exec-and-secrets.md, "What an artifact may not set") covers
/// where programs are found, what the dynamic loader and interpreters load,
/// what shells run at start-up or on a prompt, locale and temporary paths,
/// configuration homes and files that can name commands (git, XDG, cloud and
/// container tools), TLS trust and proxies (where credentials are sent), and
/// ws's own `WS_*`. Names are compared in upper case: `path` and `http_proxy`
/// are read by some programs as `PATH` and `HTTP_PROXY` are.
///
/// It is a deny list, so it has a known limit: a program may read any variable
/// (a Makefile can run `$(DEPLOY_HOOK)`, and make takes every variable of the environment as a
/// make variable, so `RM` or `CC` in a Makefile's recipe are the environment's). What bounds that is trust: a check
/// runs only once trusted here for its workstream (`CheckTrust`), and the
/// artifacts it sees are those of its own workstream and its dependencies.
public enum ReservedVariables {
    /// Exact names.
    public static let names: Set<String> = [
        // Where programs, libraries and files are looked up.
        "PATH", "CDPATH", "FPATH", "MANPATH", "CLASSPATH", "GCONV_PATH", "NLSPATH", "LOCPATH",
        "HOSTALIASES", "RESOLV_HOST_CONF", "TZDIR",
        // Shells: start-up files, word splitting, traces, prompts, options.
        "ENV", "IFS", "PS0", "PS1", "PS2", "PS3", "PS4", "PROMPT_COMMAND", "SHELLOPTS", "GLOBIGNORE",
        "ZDOTDIR", "ZSH_ENV", "INPUTRC", "SHELL", "POSIXLY_CORRECT", "TERMINFO", "TERMINFO_DIRS",
        // Home, temporary files, locale.
        "HOME", "TMPDIR", "TMP", "TEMP", "TZ", "LANG", "LANGUAGE",
        // Interpreters and the C library, loading code or changing behaviour named by the environment.
        "NODE_OPTIONS", "NODE_PATH", "NODE_REPL_EXTERNAL_MODULE", "PERLLIB", "PERLIO", "JAVA_TOOL_OPTIONS",
        "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS", "GEM_HOME", "GEM_PATH", "GLIBC_TUNABLES", "MALLOC_CHECK_",
        "MALLOC_PERTURB_", "JAVA_OPTIONS", "MAVEN_OPTS", "GRADLE_OPTS", "PHPRC", "PHP_INI_SCAN_DIR",
        "OPENSSL_CONF", "OPENSSL_ENGINES", "GOFLAGS", "GOENV", "RUSTC_WRAPPER", "RUSTFLAGS",
        // Build tools: what make runs with, which compiler and linker, with which flags.
        "MAKEFLAGS", "MAKELEVEL", "MFLAGS", "CC", "CXX", "LD", "AR", "CFLAGS", "CPPFLAGS", "LDFLAGS",
        // Programs other programs start.
        "EDITOR", "VISUAL", "PAGER", "MANPAGER", "BROWSER", "LESSOPEN", "LESSCLOSE", "LESSKEY",
        "SSH_ASKPASS", "SUDO_ASKPASS", "SSH_AUTH_SOCK",
        // Configuration that can name commands to run (credential helpers, exec plugins).
        "KUBECONFIG", "DOCKER_CONFIG", "DOCKER_HOST", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE",
        "CLOUDSDK_CONFIG", "AZURE_CONFIG_DIR", "NETRC", "CURL_HOME", "WGETRC", "GNUPGHOME", "PGSERVICEFILE",
        "PGSYSCONFDIR",
        // Where traffic and its trust go.
        "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "FTP_PROXY", "NO_PROXY", "SSL_CERT_FILE", "SSL_CERT_DIR",
        "CURL_CA_BUNDLE", "REQUESTS_CA_BUNDLE", "NODE_EXTRA_CA_CERTS", "AWS_CA_BUNDLE",
        "SSLKEYLOGFILE", "AWS_ENDPOINT_URL", "NODE_TLS_REJECT_UNAUTHORIZED",
        // Found by the last review: more that make, less, bash, rust, go, the JVM and build back ends read
        // to choose what runs (GNU make reads GNUMAKEFLAGS and MAKEFILES beside MAKEFLAGS).
        "GNUMAKEFLAGS", "MAKEFILES", "HISTFILE", "TMOUT", "FUNCNEST", "RUSTC", "GOROOT", "GOPATH", "GOBIN",
        "GOTOOLCHAIN", "GOPROXY", "GOSUMDB", "GONOSUMDB", "GOPRIVATE", "GOINSECURE", "GOCACHE", "GOMODCACHE",
        "JAVA_OPTS", "JAVA_HOME", "LDSHARED", "CPP", "AS", "RM",
    ]

    /// Prefixes: every name starting with one of these.
    public static let prefixes: [String] = [
        "LD_", "DYLD_", "LC_", "BASH", "PYTHON", "PERL5", "RUBY", "GIT_", "XDG_", "NPM_CONFIG_", "PIP_", "WS_",
        "CARGO_", "LUA_INIT", "R_PROFILE", "R_ENVIRON", "DOTNET_", "CORECLR_", "COMPLUS_", "YARN_", "GEM_",
        "BUNDLE_", "PKG_CONFIG", "CMAKE_", "TERMINFO", "MALLOC_", "RESOLV_", "LESS", "RUSTC_", "RUSTUP_",
        "CGO_", "GRADLE_", "MAVEN_", "COREPACK_", "UV_", "OPENSSL_", "DOCKER_", "AWS_ENDPOINT_URL",
    ]

    /// Whether an artifact may not be called `name`.
    public static func isReserved(_ name: String) -> Bool {
        let upper = name.uppercased()
        return names.contains(upper) || prefixes.contains { upper.hasPrefix($0) }
    }

    /// The rule, for messages: what the list is and where it is written down.
    public static let rule = "artifacts become the environment of 'ws env' and of checks, and may not set "
        + "a variable that changes how programs run (PATH, LD_*, BASH_ENV, PYTHON*, GIT_*, HOME, LANG, LC_*, "
        + "proxies, WS_* and others; see docs/exec-and-secrets.md)"
}
