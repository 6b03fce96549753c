/// The chunk tables of every column. They never move, so a snapshot holds them as they are and
/// reads rows below its count; see ``AppendOnlyColumn``.
struct ColumnChunks: @unchecked Sendable {
    typealias Table<T> = UnsafeMutablePointer<UnsafeMutablePointer<T>>
    /// Times: 16-bit offsets from each chunk's base, and the side chunks (see ``TimeColumn``).
    var timeOffsets: Table<UInt16>
    var timeBases: UnsafeMutablePointer<UInt32>
    var timeWide: UnsafeMutablePointer<UnsafeMutablePointer<UInt32>?>
    var type: Table<UInt8>
    var product: Table<UInt32>
    var category: Table<UInt16>
    var categoryWide: Table<UInt32>
    var brand: Table<UInt16>
    var brandWide: Table<UInt32>
    var price: Table<UInt32>
    var user: Table<UInt32>
    var session: Table<UInt32>
    /// Time range of each full chunk; see ``ChunkTimeRanges``.
    var chunkTimes: UnsafeMutablePointer<ChunkTimeRange>
    var userIds: Table<UInt64>
    var productIds: Table<UInt64>
    var categoryKeys: Table<CategoryKey>
}
