import Foundation
import Testing

@testable import Engine

/// The accumulator laws every insight relies on (``InsightAccumulator``): folding everything
/// equals folding random pieces — rows split anywhere, users split between states — and merging
/// them; folding everything and then taking a prefix of the rows back equals folding the rest.
/// Checked on ``InsightSet``, which holds every insight's accumulator, on generated and real rows.
@Suite("Accumulators: fold, merge and retract")
struct AccumulatorTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var real: Bool
        var options: InsightOptions
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "generated rows, default rules", real: false, options: InsightOptions(minViews: 10)),
        Case(
            name: "generated rows, electronics, tight bursts", real: false,
            options: InsightOptions(
                minViews: 3, categoryPrefix: "electronics",
                burst: BurstRule(windowSeconds: 60, activeOver: 2, alertOver: 3))),
        Case(
            name: "real rows, level 1", real: true,
            options: InsightOptions(categoryLevel: 1, minViews: 2, burst: BurstRule(activeOver: 0, alertOver: 1))),
    ]

    @Test("fold in pieces and merge equals one fold; retracting a prefix equals folding the rest", arguments: cases)
    func laws(_ c: Case) throws {
        let path: String
        let dir = try TemporaryDirectory()
        if c.real {
            path = realSamplePath
        } else {
            path = try dir.generate(GeneratorOptions(rows: 15_000, seed: 31, days: 3, bots: 3))
        }
        let snapshot = try ingest([path]).snapshot
        let filter = RowPredicate(snapshot, options: c.options)
        let whole = try #require(InsightFolding.fold(snapshot, filter: filter, into: InsightSet(options: c.options)))
        let users = Self.userRows(snapshot, filter: filter)
        var random = SeededRandom(seed: c.real ? 3 : 4)

        // Pieces: rows cut at random places, users dealt at random to other states.
        var pieces = (0..<5).map { _ in InsightSet(options: c.options) }
        for p in pieces.indices { pieces[p].prepare(snapshot) }
        var cuts = (0..<4).map { _ in Int(random.next() % UInt64(snapshot.count)) }.sorted()
        cuts = [0] + cuts + [snapshot.count]
        for p in 0..<(cuts.count - 1) {
            Self.foldRows(snapshot, filter: filter, rows: cuts[p]..<cuts[p + 1], sign: 1, into: &pieces[p])
        }
        // A user's rows in any order fold alike (row order is time order for almost every user,
        // which the accumulators count on to skip sorting; here most users are out of order).
        for (u, rows) in users {
            Self.foldUser(u, rows.shuffled(using: &random), snapshot, sign: 1, into: &pieces[Int(random.next() % 5)])
        }
        var merged = pieces.removeLast()
        pieces.shuffle(using: &random)
        for p in pieces { merged.merge(p) }
        #expect(Self.figures(merged, snapshot) == Self.figures(whole, snapshot))

        Self.expectRetraction(whole, snapshot, filter: filter, options: c.options, prefix: snapshot.count * 2 / 5)
    }

    /// Retraction: the first `prefix` rows taken back from `whole`, row by row and user by user,
    /// equal the rest folded alone (and differ from the whole).
    static func expectRetraction(
        _ whole: InsightSet, _ snapshot: EventSnapshot, filter: RowPredicate, options: InsightOptions, prefix: Int,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        var retracted = whole
        foldRows(snapshot, filter: filter, rows: 0..<prefix, sign: -1, into: &retracted)
        var rest = InsightSet(options: options)
        rest.prepare(snapshot)
        foldRows(snapshot, filter: filter, rows: prefix..<snapshot.count, sign: 1, into: &rest)
        for (u, rows) in userRows(snapshot, filter: filter) {
            let later = rows.filter { Int($0.row) >= prefix }
            if later.count < rows.count {
                foldUser(u, rows, snapshot, sign: -1, into: &retracted)
                if !later.isEmpty { foldUser(u, later, snapshot, sign: 1, into: &retracted) }
            }
            if !later.isEmpty { foldUser(u, later, snapshot, sign: 1, into: &rest) }
        }
        #expect(figures(retracted, snapshot) == figures(rest, snapshot), sourceLocation: sourceLocation)
        #expect(figures(rest, snapshot) != figures(whole, snapshot), sourceLocation: sourceLocation)
    }

    @Test("users grouped in slices of any size, and the rows of any filter, fold to the same figures")
    func slices() throws {
        let dir = try TemporaryDirectory()
        let snapshot = try ingest([try dir.generate(GeneratorOptions(rows: 20_000, seed: 7, days: 3, bots: 2))])
            .snapshot
        let brand = snapshot.brandLabels[1]
        let filters = [
            InsightOptions(minViews: 5),
            InsightOptions(minViews: 5, brand: brand),
            InsightOptions(minViews: 5, categoryPrefix: "electronics", eventType: .view),
            InsightOptions(window: TimeWindow(from: Int64(snapshot.timeRange.1) - 600, to: nil), minViews: 5),
        ]
        for options in filters {
            let filter = RowPredicate(snapshot, options: options)
            let one = try #require(InsightFolding.fold(snapshot, filter: filter, into: InsightSet(options: options)))
            let naive = Self.foldOneByOne(snapshot, filter: filter, options: options)
            #expect(Self.figures(one, snapshot) == Self.figures(naive, snapshot), "\(options)")
            for rows in [1, 97, 2_000] {
                let sliced = try #require(
                    InsightFolding.fold(snapshot, filter: filter, into: InsightSet(options: options), sliceRows: rows))
                #expect(
                    Self.figures(sliced, snapshot) == Self.figures(one, snapshot), "\(options), \(rows) rows a slice")
            }
        }
    }

    /// Two full chunks of 65,536 rows and a partial one: the full chunks span about 34 hours each,
    /// so a fold counts them through a ``ChunkTally`` (unless a filter keeps few of their rows),
    /// the partial one row by row.
    @Test("whole chunks tallied fold to the same figures as row by row, for any filter")
    func tallies() throws {
        let dir = try TemporaryDirectory()
        let snapshot = try ingest([try dir.generate(GeneratorOptions(rows: 140_000, seed: 7, days: 3, bots: 2))])
            .snapshot
        #expect(snapshot.chunkCount == 3)
        let first = Int64(snapshot.timeRange.0)
        let filters = [
            InsightOptions(minViews: 5),
            InsightOptions(minViews: 5, brand: snapshot.brandLabels[1]),
            InsightOptions(minViews: 5, categoryPrefix: "electronics", eventType: .purchase),
            InsightOptions(minViews: 5, eventType: .view),  // a list of most rows, tallied
            // Across the first chunks' edges, part of each kept.
            InsightOptions(window: TimeWindow(from: first + 20 * 3600 + 17, to: first + 50 * 3600 + 1), minViews: 5),
        ]
        for options in filters {
            let filter = RowPredicate(snapshot, options: options)
            let folded = try #require(InsightFolding.fold(snapshot, filter: filter, into: InsightSet(options: options)))
            let naive = Self.foldOneByOne(snapshot, filter: filter, options: options)
            #expect(Self.figures(folded, snapshot) == Self.figures(naive, snapshot), "\(options)")
            // Rows taken back from tallied chunks one by one (a window that slides past them): the
            // tally must have kept every session's row count, not only the session.
            Self.expectRetraction(folded, snapshot, filter: filter, options: options, prefix: 70_001)
            // Users in several slices: whole chunks are scanned for each slice's rows without a
            // branch a row (``RowSelection/rows(inChunk:users:into:)``).
            for rows in [997, 30_000] {
                let sliced = try #require(
                    InsightFolding.fold(snapshot, filter: filter, into: InsightSet(options: options), sliceRows: rows))
                #expect(Self.figures(sliced, snapshot) == Self.figures(naive, snapshot), "\(options), \(rows) a slice")
            }
        }
    }

    /// The plain fold: every kept row, then every user's kept rows, one at a time in one state.
    static func foldOneByOne(_ snapshot: EventSnapshot, filter: RowPredicate, options: InsightOptions) -> InsightSet {
        var set = InsightSet(options: options)
        set.prepare(snapshot)
        foldRows(snapshot, filter: filter, rows: 0..<snapshot.count, sign: 1, into: &set)
        for (u, rows) in userRows(snapshot, filter: filter) { foldUser(u, rows, snapshot, sign: 1, into: &set) }
        return set
    }

    /// Every figure the set evaluates to, as text.
    static func figures(_ set: InsightSet, _ snapshot: EventSnapshot) -> String {
        let i = set.insights(snapshot)
        return """
            \(i.visitors)
            \(i.abandonment)
            \(i.categories.categories)
            \(i.brands.brands) \(i.brands.underExposed)
            \(i.bursts.alerts) \(i.bursts.activeUsers)
            \(set.hourlySeries(snapshot, window: .all))
            \(set.totals)
            """
    }

    static func foldRows(
        _ snapshot: EventSnapshot, filter: RowPredicate, rows: Range<Int>, sign: Int, into set: inout InsightSet
    ) {
        for c in 0..<snapshot.chunkCount {
            let chunk = snapshot.chunk(c)
            for i in 0..<chunk.count where rows.contains(chunk.start + i) && filter.accepts(chunk, i) {
                set.fold(chunk, i, sign: sign)
            }
        }
    }

    static func foldUser(
        _ user: UInt32, _ rows: [UserRow], _ snapshot: EventSnapshot, sign: Int, into set: inout InsightSet
    ) {
        rows.withUnsafeBufferPointer { set.fold(user: UserRows(user: user, rows: $0, snapshot: snapshot), sign: sign) }
    }

    /// Each user's kept rows, in row order.
    static func userRows(_ snapshot: EventSnapshot, filter: RowPredicate) -> [UInt32: [UserRow]] {
        var users: [UInt32: [UserRow]] = [:]
        for c in 0..<snapshot.chunkCount {
            let chunk = snapshot.chunk(c)
            for i in 0..<chunk.count where filter.accepts(chunk, i) {
                users[chunk.user[i], default: []].append(UserRow(snapshot, row: UInt32(chunk.start + i)))
            }
        }
        return users
    }
}
