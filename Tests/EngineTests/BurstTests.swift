import Foundation
import Testing

@testable import Engine

@Suite("Burst alerts")
struct BurstTests {
    func alerts(_ rows: [String], rule: BurstRule = BurstRule()) throws -> BurstAlerts {
        let dir = try TemporaryDirectory()
        let path = try dir.write("b.csv", header + rows.map { $0 + "\n" }.joined())
        return BurstAlerts(try ingest([path]).snapshot, options: InsightOptions(burst: rule))
    }

    func row(_ time: String, user: Int = 7, type: String = "view") -> String {
        "2019-10-01 \(time) UTC,\(type),1,2,,,1.00,\(user),s"
    }

    @Test("windows are aligned to the epoch: :09 and :10 fall in different windows")
    func edges() throws {
        let rows = (0..<11).map { _ in row("00:00:09") } + (0..<11).map { _ in row("00:00:10") }
        let b = try alerts(rows)
        #expect(
            b.alerts.map(\.windowStart) == [
                UTCCalendar.parseInstant("2019-10-01 00:00:00")!,
                UTCCalendar.parseInstant("2019-10-01 00:00:10")!,
            ])
        #expect(b.alerts.map(\.count) == [11, 11])
    }

    @Test(
        "a count equal to the threshold does not alert; one above does",
        arguments: [(10, false), (11, true)])
    func thresholds(count: Int, alerts expected: Bool) throws {
        let rows = (0..<count).map { k in row("00:00:05", type: k == 0 ? "cart" : "view") }
        let b = try alerts(rows)
        #expect(b.alerts.isEmpty != expected)
        if expected { #expect(b.alerts[0].byType == [count - 1, 1, 0, 0]) }
        let active = b.activeUsers.map { $0.users }
        #expect(active == [1])
    }

    @Test("rows out of order and many users at once; the active threshold and window are configurable")
    func manyUsers() throws {
        var rows: [String] = []
        for u in 0..<200 {
            let n = u % 4 == 0 ? 12 : 2
            for k in 0..<n { rows.append(row("00:01:0\(k % 10)", user: 1000 + u)) }
        }
        rows.reverse()
        let b = try alerts(rows)
        #expect(b.alerts.count == 50)
        let bursting: Set<UInt64> = Set((0..<200).filter { $0 % 4 == 0 }.map { UInt64(1000 + $0) })
        let alerted: Set<UInt64> = Set(b.alerts.map { $0.userId })
        #expect(alerted == bursting)
        #expect(b.activeUsers.map(\.users) == [200])
        let minute = try alerts(rows, rule: BurstRule(windowSeconds: 60, activeOver: 5, alertOver: 11))
        #expect(minute.alerts.count == 50)
        #expect(minute.activeUsers.map(\.users) == [50])
    }

    @Test("alerts equal a naive count over generated data with bots")
    func naive() throws {
        let dir = try TemporaryDirectory()
        let path = try dir.generate(GeneratorOptions(rows: 30_000, seed: 3, days: 3, bots: 6))
        let engine = BurstAlerts(try ingest([path]).snapshot, options: InsightOptions())
        var counts: [String: Int] = [:]
        for line in try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false)
            let t = UTCCalendar.parseInstant(String(f[0]))!
            counts["\(f[7])@\(t - t % 10)", default: 0] += 1
        }
        let expected = Set(counts.filter { $0.value > 10 }.map { "\($0.key)=\($0.value)" })
        #expect(Set(engine.alerts.map { "\($0.userId)@\($0.windowStart)=\($0.count)" }) == expected)
        #expect(Set(engine.alerts.map(\.userId)).count == 6)
        #expect(engine.alerts.allSatisfy { $0.userId >= 990_000_000 })
    }

    @Test("each alert reaches a sink once, when its window has closed; later events are counted late")
    func dispatch() throws {
        final class Collect: AlertSink, @unchecked Sendable {
            var got: [BurstAlert] = []
            var problem: String? { nil }
            func deliver(_ alert: BurstAlert) { got.append(alert) }
        }
        let sink = Collect()
        let d = AlertDispatcher(sinks: [sink])
        let rule = BurstRule()
        let a = BurstAlert(userId: 1, windowStart: 100, count: 11, byType: [11, 0, 0, 0])
        d.dispatch([a], rule: rule, latest: 115)  // the window [100, 110) is still open to late events
        #expect(sink.got.isEmpty)
        d.dispatch([a], rule: rule, latest: 120)
        d.dispatch([a], rule: rule, latest: 500)
        d.dispatch([a], rule: rule, latest: 500, final: true)
        #expect(sink.got == [a])

        // Out of order: an event up to one window late is not late; beyond that it is.
        let dir = try TemporaryDirectory()
        let store = EventStore()
        let appender = CSVAppender(name: "t")
        var late = LateEvents(rule: rule)
        for (time, isLate) in [
            ("00:00:30", false), ("00:00:21", false), ("00:00:31", false), ("00:00:15", true), ("00:00:09", true),
        ] {
            appender.append(Array((row(time) + "\n").utf8), to: store)
            let before = late.late
            late.observe(store.snapshot())
            #expect((late.late > before) == isLate, "\(time)")
        }
        withExtendedLifetime(dir) {}  // the directory lives until here
    }

    @Test("the streaming detector: same alerts as the batch on in-order events, bounded memory, late events counted")
    func detector() throws {
        var d = BurstDetector(rule: BurstRule())
        var alerts: [BurstAlert] = []
        var maxOpen = 0
        var rng = SeededRandom(seed: 9)
        var expected: [String: Int] = [:]
        for k in 0..<100_000 {
            let t = Int64(k / 20)  // 20 events a second for ~83 minutes
            let user = UInt64(k % 10 < 3 ? 1 : 2 + rng.below(500))  // user 1 bursts in every window
            expected["\(user)@\(t - t % 10)", default: 0] += 1
            alerts += d.observe(user: user, time: t, type: 0)
            maxOpen = max(maxOpen, d.openWindows)
        }
        alerts += d.finish()
        #expect(maxOpen <= 3)
        #expect(d.late == 0)
        let want = Set(expected.filter { $0.value > 10 }.map { "\($0.key)=\($0.value)" })
        #expect(want.count > 400)
        #expect(Set(alerts.map { "\($0.userId)@\($0.windowStart)=\($0.count)" }) == want)
        #expect(d.observe(user: 3, time: 10, type: 0).isEmpty)
        #expect(d.late == 1)
    }

    @Test("the streaming detector with the stream's watermark: two shards read in turns, nothing late")
    func detectorWithWatermark() throws {
        // Two shards, each in time order, read 600 seconds at a time in turns: shard 1 lags shard 0.
        var shards: [[(user: UInt64, time: Int64)]] = [[], []]
        var expected: [String: Int] = [:]
        for k in 0..<40_000 {
            let t = Int64(k / 10)
            let user = UInt64(k % 7 == 0 ? 1 : 10 + k % 200)  // user 1 bursts in every window
            shards[Int(user % 2)].append((user, t))
            expected["\(user)@\(t - t % 10)", default: 0] += 1
        }
        var byStream = BurstDetector(rule: BurstRule())
        var byNewest = BurstDetector(rule: BurstRule())
        var alerts: [BurstAlert] = []
        var next = [0, 0]
        var newest: [Int64?] = [nil, nil]
        while next[0] < shards[0].count || next[1] < shards[1].count {
            for s in 0..<2 {
                let start = next[s]
                while next[s] < shards[s].count, shards[s][next[s]].time < (shards[s][start].time) + 600 {
                    let e = shards[s][next[s]]
                    byStream.count(user: e.user, time: e.time, type: 0)
                    _ = byNewest.observe(user: e.user, time: e.time, type: 0)
                    newest[s] = e.time
                    next[s] += 1
                }
            }
            // The watermark: the older of the two shards' newest times while both have more.
            let behind = (0..<2).filter { next[$0] < shards[$0].count }
            let w = behind.isEmpty ? newest.compactMap { $0 }.max()! : behind.map { newest[$0]! }.min()!
            alerts += byStream.advance(to: w)
        }
        alerts += byStream.finish()
        #expect(byStream.late == 0)
        #expect(byNewest.late > 0)
        let want = Set(expected.filter { $0.value > 10 }.map { "\($0.key)=\($0.value)" })
        #expect(want.count > 300)
        #expect(Set(alerts.map { "\($0.userId)@\($0.windowStart)=\($0.count)" }) == want)
    }

    @Test(
        "txn windows: nothing closes while a shard is behind; once caught up they close by the newest stamp and the clock; a record without a stamp is counted as missing"
    )
    func txnWindows() {
        func record(user: Int, txn: String?) -> [UInt8] {
            let stamp = txn.map { ", \"txn_timestamp\": \"\($0)\"" } ?? ""
            return Array(
                ("{\"event_time\": \"2019-10-01 00:00:00 UTC\", \"event_type\": \"view\", \"product_id\": \"1\", "
                    + "\"category_id\": \"2\", \"category_code\": \"\", \"brand\": \"\", \"price\": \"1.00\", "
                    + "\"user_id\": \"\(user)\", \"user_session\": \"s\"\(stamp)}").utf8)
        }
        let windows = TxnBurstWindows(rule: BurstRule())
        // A bot's 12 events at 17:30:01–:03, sent from two shards read out of order, then a
        // quiet user 20 s later; and one record without a stamp.
        let late = (0..<6).map { record(user: 7, txn: "2026-12-02T17:30:0\($0 / 3 + 2).5") }
        let early = (0..<6).map { record(user: 7, txn: "2026-12-02T17:30:01.\($0)00000") }
        for r in late + early + [record(user: 8, txn: "2026-12-02T17:30:21"), record(user: 9, txn: nil)] {
            r.withUnsafeBufferPointer { windows.record($0) }
        }
        #expect(windows.missing == 1)
        let now = Date().timeIntervalSince1970
        #expect(windows.advance(caughtUp: false, now: now + 60).isEmpty)
        // Caught up: the newest stamp (:21) closes :00–:10, whose end is a whole window before it.
        let alerts = windows.advance(caughtUp: true, now: now)
        #expect(
            alerts.map { "\($0.userId) \(UTCCalendar.isoString(seconds: $0.windowStart)) \($0.count)" }
                == ["7 2026-12-02T17:30:00Z 12"])
        #expect(windows.detector.late == 0)
        // Nothing newer arrives: a minute of the clock closes the last window, user 8's (1 event).
        #expect(windows.advance(caughtUp: true, now: now + 60).isEmpty)
        #expect(windows.detector.openWindows == 0)
    }

    @Test("the JSON lines sink appends each alert; a failing or slow command is reported, never blocks")
    func sinks() throws {
        let dir = try TemporaryDirectory()
        let file = dir.path("alerts.jsonl")
        let jsonl = try JSONLinesAlertSink(path: file)
        let a = BurstAlert(userId: 7, windowStart: 0, count: 12, byType: [10, 2, 0, 0])
        jsonl.deliver(a)
        jsonl.deliver(a)
        let lines = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2)
        #expect(
            lines[0]
                == #"{"user_id": 7, "window_start": "1970-01-01T00:00:00Z", "count": 12, "by_type": {"view": 10, "cart": 2, "remove_from_cart": 0, "purchase": 0}}"#
        )
        let failing = CommandAlertSink(command: ["/bin/false"])
        failing.deliver(a)
        failing.drain()
        #expect(failing.problem?.contains("exited with status 1") == true)
        let slow = CommandAlertSink(command: ["/bin/sleep", "5"], timeout: 0.2)
        let started = Date()
        slow.deliver(a)
        #expect(Date().timeIntervalSince(started) < 0.1)  // delivering does not wait for the command
        slow.drain()
        #expect(slow.problem?.contains("was stopped") == true)
        let copy = CommandAlertSink(command: ["/bin/cp", "/dev/stdin", dir.path("stdin.json")])
        copy.deliver(a)
        copy.drain()
        #expect(try String(contentsOfFile: dir.path("stdin.json"), encoding: .utf8) == a.json + "\n")
    }
}
