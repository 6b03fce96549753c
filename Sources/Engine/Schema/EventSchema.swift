/// The columns of the dataset's CSV files, in the order the header must name them.
public enum EventSchema {
    /// Column names, in file order.
    public static let columns = [
        "event_time", "event_type", "product_id", "category_id", "category_code",
        "brand", "price", "user_id", "user_session",
    ]

    /// The header line, as the files carry it.
    public static let headerLine = columns.joined(separator: ",")

    /// Label shown for an empty `category_code` or `brand`.
    public static let noneLabel = "(none)"
}
