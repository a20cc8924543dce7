import Testing
@testable import DirSyncCore

@Suite struct GlobTests {
    @Test func starAndQuestionMark() {
        #expect(Glob("svc-*").matches("svc-backup"))
        #expect(Glob("svc-*").matches("svc-"))
        #expect(!Glob("svc-*").matches("xsvc-backup"))
        #expect(Glob("proj-?").matches("proj-a"))
        #expect(!Glob("proj-?").matches("proj-ab"))
        #expect(Glob("*@partners.example.com").matches("Bob@Partners.Example.COM"))
        #expect(!Glob("*@partners.example.com").matches("bob@example.com"))
        #expect(Glob("a*b*c").matches("aXXbYYbc"))
        #expect(!Glob("a*b*c").matches("aXXbYYbd"))
        #expect(Glob("*").matches(""))
    }

    @Test func caseInsensitiveUnicode() {
        #expect(Glob("ÉQUIPE-*").matches("équipe-paris"))
    }

    @Test func isGlob() {
        #expect(Glob.isGlob("proj-*"))
        #expect(!Glob.isGlob("staff"))
    }
}
