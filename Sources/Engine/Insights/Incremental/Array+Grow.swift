extension Array {
    /// Appends `value` until the array holds `count` elements: arrays indexed by dictionary code
    /// follow the dictionaries, which only grow.
    mutating func grow(to count: Int, with value: Element) {
        if self.count < count { append(contentsOf: repeatElement(value, count: count - self.count)) }
    }
}
