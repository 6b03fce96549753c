/// The chunk pointers of every column at one moment, copied under the store's lock so readers can
/// walk them after it is released.
struct ColumnChunks: @unchecked Sendable {
    var time: [UnsafeMutablePointer<UInt32>] = []
    var type: [UnsafeMutablePointer<UInt8>] = []
    var product: [UnsafeMutablePointer<UInt32>] = []
    var category: [UnsafeMutablePointer<UInt32>] = []
    var brand: [UnsafeMutablePointer<UInt32>] = []
    var price: [UnsafeMutablePointer<UInt32>] = []
    var user: [UnsafeMutablePointer<UInt32>] = []
    var session: [UnsafeMutablePointer<UInt32>] = []
    var userIds: [UnsafeMutablePointer<UInt64>] = []
    var productIds: [UnsafeMutablePointer<UInt64>] = []
    var categoryKeys: [UnsafeMutablePointer<CategoryKey>] = []
}
