/// A category as the data names it: the numeric `category_id` and the code string's dictionary
/// code. Dictionary-encoding the pair keeps both exact even where one id carries several codes.
package struct CategoryKey: CodeKey, Hashable {
    package var id: UInt64
    package var code: UInt32

    @inline(__always) package var mixedHash: UInt64 { mix64(id ^ UInt64(code) << 40) }
}
