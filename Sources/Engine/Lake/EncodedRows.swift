/// Rows as the store holds them — every column a fixed-width integer, every id and string a
/// dictionary code — in plain arrays: what a lake segment stores and what the store appends back
/// without parsing or dictionary lookups.
struct EncodedRows: Equatable {
    var time: [UInt32] = []
    var type: [UInt8] = []
    var product: [UInt32] = []
    var category: [UInt32] = []
    var brand: [UInt32] = []
    var price: [UInt32] = []
    var user: [UInt32] = []
    var session: [UInt32] = []

    var count: Int { time.count }

    init() {}

    init(capacity: Int) {
        time.reserveCapacity(capacity)
        type.reserveCapacity(capacity)
        product.reserveCapacity(capacity)
        category.reserveCapacity(capacity)
        brand.reserveCapacity(capacity)
        price.reserveCapacity(capacity)
        user.reserveCapacity(capacity)
        session.reserveCapacity(capacity)
    }

    /// These rows but the first `n`.
    func dropping(_ n: Int) -> EncodedRows {
        var rest = EncodedRows()
        rest.time = Array(time.dropFirst(n))
        rest.type = Array(type.dropFirst(n))
        rest.product = Array(product.dropFirst(n))
        rest.category = Array(category.dropFirst(n))
        rest.brand = Array(brand.dropFirst(n))
        rest.price = Array(price.dropFirst(n))
        rest.user = Array(user.dropFirst(n))
        rest.session = Array(session.dropFirst(n))
        return rest
    }

    /// Appends another run of rows after these.
    mutating func append(contentsOf other: EncodedRows) {
        time += other.time
        type += other.type
        product += other.product
        category += other.category
        brand += other.brand
        price += other.price
        user += other.user
        session += other.session
    }

    /// Appends the snapshot's rows in `runs`, in order: a chunk's part of a run at a time, into
    /// arrays sized once, the plain columns copied whole rather than row by row.
    mutating func append(_ snapshot: EventSnapshot, runs: [Range<Int>]) {
        let total = count + runs.reduce(0) { $0 + $1.count }
        for column in [\EncodedRows.time, \.product, \.category, \.brand, \.price, \.user, \.session] {
            self[keyPath: column].reserveCapacity(total)
        }
        type.reserveCapacity(total)
        let size = AppendOnlyColumn<UInt32>.chunkSize
        for run in runs {
            var row = run.lowerBound
            while row < run.upperBound {
                let c = snapshot.chunk(row >> AppendOnlyColumn<UInt32>.chunkShift)
                let i = row - c.start
                let n = min(run.upperBound - row, size - i)
                type.append(contentsOf: UnsafeBufferPointer(start: c.type + i, count: n))
                product.append(contentsOf: UnsafeBufferPointer(start: c.product + i, count: n))
                price.append(contentsOf: UnsafeBufferPointer(start: c.price + i, count: n))
                user.append(contentsOf: UnsafeBufferPointer(start: c.user + i, count: n))
                session.append(contentsOf: UnsafeBufferPointer(start: c.session + i, count: n))
                for j in i..<(i + n) {
                    time.append(c.time[j])
                    category.append(c.category[j])
                    brand.append(c.brand[j])
                }
                row += n
            }
        }
    }
}
