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
            for c in [time, product, price, user, session] as [AppendOnlyColumn<UInt32>] {
                c.ensureCapacity(base + n)
            }
            type.ensureCapacity(base + n)
            category.ensureCapacity(base + n)
            brand.ensureCapacity(base + n)
            d.users.reserve(n)
            d.products.reserve(n)
            d.sessions.reserve(n)
            d.categories.reserve(n)
            encode(block, into: d, at: base)
            chunkTimes.record(block.rows.time, count: n, at: base)
            d.rows = base + n
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
    }

    /// Encodes a block in two lanes that share nothing: users and sessions (the large
    /// dictionaries, bound by memory latency) on a helper thread, everything else here.
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

    /// Users and sessions: probes prefetched 32 rows ahead (slots) and 16 rows ahead (keys), so
    /// the cache misses of many rows overlap.
    private func encodeIdentities(_ rows: ParsedRows, _ n: Int, into d: Dictionaries, at base: Int) {
        let users = d.users
        let sessions = d.sessions
        for i in 0..<n {
            if i + 32 < n {
                users.prefetchSlot(hash: rows.userHash[i + 32])
                sessions.prefetchSlot(hash: rows.sessionHash[i + 32])
            }
            if i + 16 < n {
                users.prefetchKey(hash: rows.userHash[i + 16])
                sessions.prefetchKey(hash: rows.sessionHash[i + 16])
            }
            let row = base + i
            user[row] = users.code(for: rows.user[i], hash: rows.userHash[i])
            session[row] = sessions.code(for: rows.session[i], hash: rows.sessionHash[i])
        }
    }

    /// Time, type, price, and the small dictionaries: products, categories, brands.
    private func encodeAttributes(_ block: ParsedBlock, into d: Dictionaries, at base: Int) {
        let products = d.products
        block.bytes.withUnsafeBufferPointer { bytesBuffer in
            block.scratch.withUnsafeBufferPointer { scratchBuffer in
                let bytes = bytesBuffer.baseAddress ?? UnsafePointer(bitPattern: 1)!
                let scratch = scratchBuffer.baseAddress ?? UnsafePointer(bitPattern: 1)!
                @inline(__always) func pointer(_ r: ParsedBlock.ByteRef) -> UnsafePointer<UInt8> {
                    (r.inScratch ? scratch : bytes) + Int(r.offset)
                }
                let n = block.count
                let rows = block.rows
                var lo = d.minTime
                var hi = d.maxTime
                for i in 0..<n {
                    if i + 16 < n { products.prefetchSlot(hash: rows.productHash[i + 16]) }
                    let row = base + i
                    let t = rows.time[i]
                    lo = min(lo, t)
                    hi = max(hi, t)
                    time[row] = t
                    type[row] = rows.type[i]
                    price[row] = rows.price[i]
                    let codeRef = rows.categoryCode[i]
                    let codeString = d.categoryCodes.code(pointer(codeRef), Int(codeRef.length), hash: rows.codeHash[i])
                    category.set(row, d.categories.code(for: CategoryKey(id: rows.categoryId[i], code: codeString)))
                    let brandRef = rows.brand[i]
                    brand.set(row, d.brands.code(pointer(brandRef), Int(brandRef.length), hash: rows.brandHash[i]))
                    product[row] = products.code(for: rows.product[i], hash: rows.productHash[i])
                }
                d.minTime = lo
                d.maxTime = hi
            }
        }
    }
}
