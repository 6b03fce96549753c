/// One column chunk of a row group, decoded to the CSV text of each row's value: a pool of texts
/// (the dictionary's first, then plain values) and, per row, the index of its text (-1: null).
/// A dictionary's values are turned into text once, however many rows use them.
struct ParquetTextColumn {
    var pool: [UInt8] = []
    var ends: [Int] = []
    var rows: [Int32] = []

    mutating func addText(_ text: some Collection<UInt8>) {
        pool.append(contentsOf: text)
        ends.append(pool.count)
    }

    /// Appends row `r`'s text (CSV-quoted where needed) to `out`.
    func appendText(row r: Int, to out: inout [UInt8]) {
        let k = Int(rows[r])
        guard k >= 0 else { return }
        CSVField.append(pool[(k == 0 ? 0 : ends[k - 1])..<ends[k]], to: &out)
    }
}
