import CSupport

/// The category and brand each product was last seen with, by product code.
///
/// In the real data a product's category is a function of the product and its brand nearly one,
/// so almost every row repeats what its product's last row said. Checking that — the category id
/// compared as an integer, the code and brand bytes compared exactly with the dictionary's copy —
/// encodes a row's category and brand without the three hash probes of the full path; a row that
/// differs takes the full path and becomes the product's new entry. Only the store's writer uses it.
final class ProductAttributes {
    struct Entry {
        var categoryId: UInt64
        /// The category-code string's code, the category's code, the brand's code.
        var codeString: UInt32
        var category: UInt32
        var brand: UInt32
    }

    /// Products with an entry: codes below this have one.
    private(set) var count = 0
    private var capacity = 0
    private var entries = UnsafeMutablePointer<Entry>.allocate(capacity: 1)

    deinit { entries.deallocate() }

    /// A code-string code no dictionary reaches: marks an entry not yet known.
    private static let unknown = UInt32.max

    /// The entry of product `code`, if it has one.
    @inline(__always)
    func entry(_ code: UInt32) -> Entry? {
        guard Int(code) < count else { return nil }
        let e = entries[Int(code)]
        return e.codeString != Self.unknown ? e : nil
    }

    /// Makes room for `products` codes that exist already with no entry yet (a lake's dictionary
    /// loaded before its rows are seen again), so that a code below them may be set.
    func reserveUnknown(_ products: Int) {
        for c in count..<products {
            set(UInt32(c), Entry(categoryId: 0, codeString: Self.unknown, category: 0, brand: 0))
        }
    }

    /// Starts loading product `code`'s entry (a guess from ``CodeTable/likelyCode(hash:)``).
    @inline(__always)
    func prefetch(_ code: Int) {
        if code >= 0, code < count { ecomdash_prefetch(entries + code) }
    }

    /// Records what product `code` was seen with. Codes are dense, so a new one is `count`.
    func set(_ code: UInt32, _ entry: Entry) {
        let c = Int(code)
        if c >= capacity {
            let grown = max(1 << 12, capacity * 2, c + 1)
            let fresh = UnsafeMutablePointer<Entry>.allocate(capacity: grown)
            fresh.update(from: entries, count: count)
            entries.deallocate()
            entries = fresh
            capacity = grown
        }
        precondition(c <= count, "product codes are dense: a new code is the next one")
        if c == count { count = c + 1 }
        entries[c] = entry
    }
}
