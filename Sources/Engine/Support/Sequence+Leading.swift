extension Sequence {
    /// The first `count` elements in the order `precedes` gives (all of them, sorted, when `count`
    /// is nil or not smaller than the sequence), found with a heap of `count` elements instead of
    /// a sort of every one: a top-200 of 100,000 products costs a pass, not a sort.
    ///
    /// `precedes` must be a strict total order (break ties), as the result is not stable.
    func leading(_ count: Int?, by precedes: (Element, Element) -> Bool) -> [Element] {
        guard let count else { return sorted(by: precedes) }
        guard count > 0 else { return [] }
        // A heap whose root is the element that comes last of those kept.
        var heap: [Element] = []
        heap.reserveCapacity(count)
        for e in self {
            if heap.count < count {
                heap.append(e)
                var i = heap.count - 1
                while i > 0, precedes(heap[(i - 1) / 2], heap[i]) {
                    heap.swapAt(i, (i - 1) / 2)
                    i = (i - 1) / 2
                }
            } else if precedes(e, heap[0]) {
                heap[0] = e
                var i = 0
                while true {
                    let l = 2 * i + 1
                    let r = l + 1
                    var last = i
                    if l < heap.count, precedes(heap[last], heap[l]) { last = l }
                    if r < heap.count, precedes(heap[last], heap[r]) { last = r }
                    if last == i { break }
                    heap.swapAt(i, last)
                    i = last
                }
            }
        }
        return heap.sorted(by: precedes)
    }
}
