/// Chooses who opens each generated session: a first-time visitor or one coming back.
///
/// A session is a new visitor's with probability `newVisitorShare` (about a third in the real
/// month: 3.0 M users for 9.2 M sessions); otherwise it goes to the visitor of a uniformly chosen
/// earlier session. Choosing by earlier sessions makes frequent visitors more likely to return, so
/// visits per user come out long-tailed as in the real data, while the number of distinct users
/// stays `newVisitorShare × sessions` at every size — which uniform or Zipf draws over a fixed pool
/// do not (their distinct count falls short of the pool by an amount that depends on the size).
struct VisitorProcess {
    let newVisitorShare: Double
    /// The visitor of every shopper session so far, in order.
    private var visits: [Int32] = []
    private var visitors: Int32 = 0

    init(newVisitorShare: Double) { self.newVisitorShare = newVisitorShare }

    /// The visitor of the next session (a dense index from 0).
    mutating func next(_ rng: inout SeededRandom) -> Int32 {
        let visitor: Int32
        if visits.isEmpty || rng.unit() < newVisitorShare {
            visitor = visitors
            visitors += 1
        } else {
            visitor = visits[rng.below(visits.count)]
        }
        visits.append(visitor)
        return visitor
    }
}
