import Dispatch

extension EventStore {
    /// Appends a parsed block, dictionary-encoding its ids and strings, then publishes the rows.
    ///
    /// Rows are written into slots no snapshot covers yet; the new row count is published last,
    /// under the readers' lock, so a reader sees whole rows only.
    func append(_ block: ParsedBlock) {
        let n = block.count
        guard n > 0 else { return }
        writer.withLock { d in
            let base = d.rows
            for c in [product, price, user, session] as [AppendOnlyColumn<UInt32>] {
                c.ensureCapacity(base + n)
            }
            time.ensureCapacity(base + n)
            type.ensureCapacity(base + n)
            category.ensureCapacity(base + n)
            brand.ensureCapacity(base + n)
            d.users.reserve(n)
            d.products.reserve(n)
            d.sessions.reserve(n)
            d.categories.reserve(n)
            encode(block, into: d, at: base)
            for o in block.oddSessions { d.oddSessionSpellings[o.key] = o.text }
            chunkTimes.record(block.rows.time, count: n, at: base)
            d.rows = base + n
            publish(d)
        }
    }

    /// Makes the writer's rows and dictionaries visible to new snapshots (the writer's lock held).
    func publish(_ d: Dictionaries) {
        published.withLock { pub in
            pub.rows = d.rows
            pub.users = d.users.count
            pub.products = d.products.count
            pub.sessions = d.sessions.count
            pub.categories = d.categories.count
            pub.minTime = d.minTime
            pub.maxTime = d.maxTime
            if pub.brandLabels.count != d.brands.count { pub.brandLabels = d.brands.labels }
            if pub.categoryCodeLabels.count != d.categoryCodes.count {
                pub.categoryCodeLabels = d.categoryCodes.labels
            }
        }
    }

    /// Encodes a block in two lanes that share nothing: users, sessions and the plain columns on
    /// a helper thread; products, categories and brands here.
    private func encode(_ block: ParsedBlock, into d: Dictionaries, at base: Int) {
        let n = block.count
        let rows = block.rows
        guard n >= 2048 else {
            encodeIdentities(rows, n, into: d, at: base)
            encodeAttributes(block, into: d, at: base)
            return
        }
        let lane = DispatchGroup()
        DispatchQueue.global(qos: .userInitiated).async(group: lane) { [self] in
            encodeIdentities(rows, n, into: d, at: base)
        }
        encodeAttributes(block, into: d, at: base)
        lane.wait()
    }

    /// Calls `body(first, end, row)` for each run of the block's rows `first ..< end` that lies in
    /// one chunk of the columns, `row` being the store row of `first`, so that a lane can take
    /// each column's address once a run instead of once a row.
    @inline(__always)
    private func forEachRun(_ n: Int, at base: Int, _ body: (Int, Int, Int) -> Void) {
        var i = 0
        while i < n {
            let row = base + i
            let end = min(n, i + AppendOnlyColumn<UInt32>.chunkSize - (row & AppendOnlyColumn<UInt32>.chunkMask))
            body(i, end, row)
            i = end
        }
    }

    /// Time, type and price (copies), then users and sessions: most rows are answered by the
    /// caches of recent keys (``RecentCodes``); for the others the table probes are prefetched 32
    /// rows ahead (slots) and 16 rows ahead (keys), so the cache misses of many rows overlap.
    private func encodeIdentities(_ rows: ParsedRows, _ n: Int, into d: Dictionaries, at base: Int) {
        let users = d.users
        let sessions = d.sessions
        let recentUsers = d.recentUsers
        let recentSessions = d.recentSessions
        var lo = d.minTime
        var hi = d.maxTime
        forEachRun(n, at: base) { first, end, row in
            let types = type.pointer(at: row)
            let prices = price.pointer(at: row)
            for i in first..<end {
                let t = rows.time[i]
                lo = min(lo, t)
                hi = max(hi, t)
                time.set(row + i - first, t)
                types[i - first] = rows.type[i]
                prices[i - first] = rows.price[i]
            }
        }
        d.minTime = lo
        d.maxTime = hi
        /// Row `j`'s probes that the caches will not answer: the slots first, the keys later.
        @inline(__always) func prefetch(_ j: Int, keys: Bool) {
            if !recentUsers.contains(rows.user[j], hash: rows.userHash[j]) {
                if keys {
                    users.prefetchKey(hash: rows.userHash[j])
                } else {
                    users.prefetchSlot(hash: rows.userHash[j])
                }
            }
            if !recentSessions.contains(rows.session[j], hash: rows.sessionHash[j]) {
                if keys {
                    sessions.prefetchKey(hash: rows.sessionHash[j])
                } else {
                    sessions.prefetchSlot(hash: rows.sessionHash[j])
                }
            }
        }
        forEachRun(n, at: base) { first, end, row in
            let userCodes = user.pointer(at: row)
            let sessionCodes = session.pointer(at: row)
            for i in first..<end {
                if i + 32 < n { prefetch(i + 32, keys: false) }
                if i + 16 < n { prefetch(i + 16, keys: true) }
                userCodes[i - first] = recentUsers.code(for: rows.user[i], hash: rows.userHash[i], in: users)
                sessionCodes[i - first] = recentSessions.code(
                    for: rows.session[i], hash: rows.sessionHash[i], in: sessions)
            }
        }
    }

    /// Products, then categories and brands, which most rows repeat from their product's last row
    /// (``ProductAttributes``).
    private func encodeAttributes(_ block: ParsedBlock, into d: Dictionaries, at base: Int) {
        let products = d.products
        let attributes = d.productAttributes
        block.bytes.withUnsafeBufferPointer { bytesBuffer in
            block.scratch.withUnsafeBufferPointer { scratchBuffer in
                let bytes = bytesBuffer.baseAddress ?? UnsafePointer(bitPattern: 1)!
                let scratch = scratchBuffer.baseAddress ?? UnsafePointer(bitPattern: 1)!
                @inline(__always) func pointer(_ r: ParsedBlock.ByteRef) -> UnsafePointer<UInt8> {
                    (r.inScratch ? scratch : bytes) + Int(r.offset)
                }
                let n = block.count
                let rows = block.rows
                forEachRun(n, at: base) { first, end, row in
                    let productCodes = product.pointer(at: row)
                    for i in first..<end {
                        // Three dependent loads a row (slot, key, attributes), each prefetched a
                        // few rows before it is needed, so that the misses of several rows overlap.
                        if i + 24 < n { products.prefetchSlot(hash: rows.productHash[i + 24]) }
                        if i + 12 < n { products.prefetchKey(hash: rows.productHash[i + 12]) }
                        if i + 6 < n { attributes.prefetch(products.likelyCode(hash: rows.productHash[i + 6])) }
                        let p = products.code(for: rows.product[i], hash: rows.productHash[i])
                        productCodes[i - first] = p
                        let codeRef = rows.categoryCode[i]
                        let brandRef = rows.brand[i]
                        let codeBytes = pointer(codeRef)
                        let brandBytes = pointer(brandRef)
                        if let known = attributes.entry(p), known.categoryId == rows.categoryId[i],
                            d.categoryCodes.matches(known.codeString, codeBytes, Int(codeRef.length)),
                            d.brands.matches(known.brand, brandBytes, Int(brandRef.length))
                        {
                            category.set(row + i - first, known.category)
                            brand.set(row + i - first, known.brand)
                            continue
                        }
                        let codeString = d.categoryCodes.code(codeBytes, Int(codeRef.length))
                        let categoryCode = d.categories.code(
                            for: CategoryKey(id: rows.categoryId[i], code: codeString))
                        let brandCode = d.brands.code(brandBytes, Int(brandRef.length))
                        category.set(row + i - first, categoryCode)
                        brand.set(row + i - first, brandCode)
                        attributes.set(
                            p,
                            .init(
                                categoryId: rows.categoryId[i], codeString: codeString, category: categoryCode,
                                brand: brandCode))
                    }
                }
            }
        }
    }
}
