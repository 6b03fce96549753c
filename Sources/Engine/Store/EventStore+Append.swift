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
            for c in [time, product, category, brand, price, user, session] as [AppendOnlyColumn<UInt32>] {
                c.ensureCapacity(base + n)
            }
            type.ensureCapacity(base + n)
            d.users.reserve(n)
            d.products.reserve(n)
            d.sessions.reserve(n)
            d.categories.reserve(n)
            encode(block, into: d, at: base)
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

    private func encode(_ block: ParsedBlock, into d: Dictionaries, at base: Int) {
        let shift = AppendOnlyColumn<UInt32>.chunkShift
        let mask = AppendOnlyColumn<UInt32>.chunkMask
        let users = d.users
        let products = d.products
        let sessions = d.sessions
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
                // Probes are bound by memory latency: load slots 16 rows ahead and the keys they
                // point at 8 rows ahead, so the misses of many rows overlap.
                for i in 0..<n {
                    if i + 16 < n {
                        users.prefetchSlot(hash: rows.userHash[i + 16])
                        sessions.prefetchSlot(hash: rows.sessionHash[i + 16])
                        products.prefetchSlot(hash: rows.productHash[i + 16])
                    }
                    if i + 8 < n {
                        users.prefetchKey(hash: rows.userHash[i + 8])
                        sessions.prefetchKey(hash: rows.sessionHash[i + 8])
                        products.prefetchKey(hash: rows.productHash[i + 8])
                    }
                    let row = base + i
                    let c = row >> shift
                    let o = row & mask
                    let t = rows.time[i]
                    lo = min(lo, t)
                    hi = max(hi, t)
                    time.table[c][o] = t
                    type.table[c][o] = rows.type[i]
                    price.table[c][o] = rows.price[i]
                    let codeRef = rows.categoryCode[i]
                    let codeString = d.categoryCodes.code(pointer(codeRef), Int(codeRef.length), hash: rows.codeHash[i])
                    category.table[c][o] = d.categories.code(for: CategoryKey(id: rows.categoryId[i], code: codeString))
                    let brandRef = rows.brand[i]
                    brand.table[c][o] = d.brands.code(pointer(brandRef), Int(brandRef.length), hash: rows.brandHash[i])
                    product.table[c][o] = products.code(for: rows.product[i], hash: rows.productHash[i])
                    user.table[c][o] = users.code(for: rows.user[i], hash: rows.userHash[i])
                    session.table[c][o] = sessions.code(for: rows.session[i], hash: rows.sessionHash[i])
                }
                d.minTime = lo
                d.maxTime = hi
            }
        }
    }
}
