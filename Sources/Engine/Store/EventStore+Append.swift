extension EventStore {
    /// Appends a parsed block, dictionary-encoding its ids and strings, then publishes the rows.
    ///
    /// Chunks are allocated under the readers' lock; rows are written outside it into slots no
    /// snapshot covers yet; the new row count is published last, so a reader sees whole rows only.
    func append(_ block: ParsedBlock) {
        let n = block.count
        guard n > 0 else { return }
        writer.withLock { d in
            let base = d.rows
            published.withLock { pub in
                for c in [time, product, category, brand, price, user, session] as [AppendOnlyColumn<UInt32>] {
                    c.ensureCapacity(base + n)
                }
                type.ensureCapacity(base + n)
                d.users.reserve(n)
                d.products.reserve(n)
                d.sessions.reserve(n)
                d.categories.reserve(n)
                pub.chunks = ColumnChunks(
                    time: time.chunks, type: type.chunks, product: product.chunks, category: category.chunks,
                    brand: brand.chunks, price: price.chunks, user: user.chunks, session: session.chunks,
                    userIds: d.users.keys.chunks, productIds: d.products.keys.chunks,
                    categoryKeys: d.categories.keys.chunks)
            }
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
        block.bytes.withUnsafeBufferPointer { bytesBuffer in
            block.scratch.withUnsafeBufferPointer { scratchBuffer in
                let bytes = bytesBuffer.baseAddress ?? UnsafePointer(bitPattern: 1)!
                let scratch = scratchBuffer.baseAddress ?? UnsafePointer(bitPattern: 1)!
                @inline(__always) func pointer(_ r: ParsedBlock.ByteRef) -> UnsafePointer<UInt8> {
                    (r.inScratch ? scratch : bytes) + Int(r.offset)
                }
                var r = 0
                let n = block.count
                var lo = d.minTime
                var hi = d.maxTime
                while r < n {
                    let row = base + r
                    let chunk = row >> shift
                    let offset = row & mask
                    let run = min(n - r, mask + 1 - offset)
                    let tp = time.chunks[chunk] + offset
                    let yp = type.chunks[chunk] + offset
                    let pp = product.chunks[chunk] + offset
                    let cp = category.chunks[chunk] + offset
                    let bp = brand.chunks[chunk] + offset
                    let mp = price.chunks[chunk] + offset
                    let up = user.chunks[chunk] + offset
                    let sp = session.chunks[chunk] + offset
                    for k in 0..<run {
                        let i = r + k
                        let t = block.time[i]
                        tp[k] = t
                        lo = min(lo, t)
                        hi = max(hi, t)
                        yp[k] = block.type[i]
                        mp[k] = block.price[i]
                        let codeRef = block.categoryCode[i]
                        let codeString = d.categoryCodes.code(pointer(codeRef), Int(codeRef.length))
                        cp[k] = d.categories.code(for: CategoryKey(id: block.categoryId[i], code: codeString))
                        let brandRef = block.brand[i]
                        bp[k] = d.brands.code(pointer(brandRef), Int(brandRef.length))
                        pp[k] = d.products.code(for: block.product[i])
                        up[k] = d.users.code(for: block.user[i])
                        sp[k] = d.sessions.code(for: block.session[i])
                    }
                    r += run
                }
                d.minTime = lo
                d.maxTime = hi
            }
        }
    }
}
