@testable import Board
import Hummingbird
import Testing

@Suite struct GuardTests {
    @Test func loopbackHosts() {
        for host in ["127.0.0.1", "127.1.2.3", "localhost", "LOCALHOST", "::1"] { #expect(BoardServer.isLoopback(host), "\(host)") }
        for host in ["0.0.0.0", "192.168.1.4", "example.com", "::", "localhost.evil.com"] { #expect(!BoardServer.isLoopback(host), "\(host)") }
    }

    /// The Host header of a request: a rebinding page names its own host.
    @Test func loopbackAuthorities() {
        for a in ["127.0.0.1:8420", "localhost:1", "[::1]:8420", "localhost", nil] { #expect(BoardGuard<BasicRequestContext>.isLoopbackAuthority(a), "\(a ?? "nil")") }
        for a in ["evil.com:8420", "10.0.0.2:8420", "[fe80::1]:80", "127.0.0.1.evil.com:8420"] { #expect(!BoardGuard<BasicRequestContext>.isLoopbackAuthority(a), "\(a)") }
    }

    @Test func tokens() {
        let a = BoardServer.newToken(), b = BoardServer.newToken()
        #expect(a.count == 64)
        #expect(a != b)
        #expect(BoardGuard<BasicRequestContext>.constantTimeEqual(a, a))
        #expect(!BoardGuard<BasicRequestContext>.constantTimeEqual(a, b))
        #expect(!BoardGuard<BasicRequestContext>.constantTimeEqual(a, String(a.dropLast())))
        #expect(BoardGuard<BasicRequestContext>.bearer("Bearer abc") == "abc")
        #expect(BoardGuard<BasicRequestContext>.bearer("Basic abc") == nil)
    }

    @Test func escaping() {
        #expect(HTML.escape("<script>alert('x') & \"y\"</script>") == "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;")
        #expect(HTML.pathComponent("a b/c?d") == "a%20b%2Fc%3Fd")
        #expect(FormQuery("q=two+words&phase=%C3%A9t%C3%A9&x=a%2Bb")["q"] == "two words")
        #expect(FormQuery("q=two+words&phase=%C3%A9t%C3%A9&x=a%2Bb")["phase"] == "été")
        #expect(FormQuery("q=two+words&phase=%C3%A9t%C3%A9&x=a%2Bb")["x"] == "a+b")
    }
}
