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

    /// Appends rows `rows` of the snapshot, in order.
    mutating func append(_ snapshot: EventSnapshot, rows: some Sequence<Int>) {
        let shift = AppendOnlyColumn<UInt32>.chunkShift
        let mask = AppendOnlyColumn<UInt32>.chunkMask
        var cached = -1
        var chunk: EventChunk? = nil
        for row in rows {
            if row >> shift != cached {
                cached = row >> shift
                chunk = snapshot.chunk(cached)
            }
            let c = chunk!
            let i = row & mask
            time.append(c.time[i])
            type.append(c.type[i])
            product.append(c.product[i])
            category.append(c.category[i])
            brand.append(c.brand[i])
            price.append(c.price[i])
            user.append(c.user[i])
            session.append(c.session[i])
        }
    }
}
