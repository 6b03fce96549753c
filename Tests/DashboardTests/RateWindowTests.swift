import Testing

@testable import Dashboard

/// The rate in the status line: rows of the last span, a second, whatever the feed.
@Suite("Rate window")
struct RateWindowTests {
    @Test("counts the rows of the last span only, a second, and falls to zero when nothing arrives")
    func lastSpan() {
        var rate = RateWindow(span: 2)
        #expect(rate.perSecond(at: 100) == 0)
        rate.add(300, at: 100)
        rate.add(100, at: 101.5)
        #expect(rate.perSecond(at: 101.5) == 200)
        #expect(rate.perSecond(at: 102.5) == 50)  // the first batch is 2.5 s old
        #expect(rate.perSecond(at: 104) == 0)
        var slow = RateWindow(span: 10)
        for t in stride(from: 0.0, to: 10, by: 1) { slow.add(1_000, at: t) }
        #expect(slow.perSecond(at: 9.5) == 1_000)
    }
}
