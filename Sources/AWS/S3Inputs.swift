import Engine

/// What an `s3://` address names: one object (`s3://bucket/key`) or every object under a prefix
/// (`s3://bucket/prefix/`), each with the Hive partition values of the prefixes above it.
public enum S3Inputs {
    public static let scheme = "s3://"

    /// The bucket and key of `address`, or nil when it is not an `s3://` address.
    public static func parse(_ address: String) -> (bucket: String, key: String)? {
        guard address.hasPrefix(scheme) else { return nil }
        let rest = address.dropFirst(scheme.count)
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        let key = slash < rest.endIndex ? rest[rest.index(after: slash)...] : ""
        return (String(rest[..<slash]), String(key))
    }

    /// The objects `address` names, in key order, with their partitions; objects whose partitions
    /// lie wholly outside `window` are not read. A key that names no object is taken as a prefix
    /// (`s3://bucket/lake` reads `lake/…`). Directory markers, empty objects and the files that
    /// Spark and Hive leave beside the data (`_SUCCESS`, `.crc`, names starting with `_` or `.`)
    /// are skipped.
    public static func open(
        _ address: String, client: S3Client, window: TimeWindow
    ) throws -> [(input: S3Object, partition: [(key: String, value: String)])] {
        guard let (bucket, key) = parse(address), !bucket.isEmpty else {
            throw AWSFailure(
                service: "S3", operation: "address", type: "not s3://BUCKET/KEY or s3://BUCKET/PREFIX/",
                message: address)
        }
        var base = key
        var objects = try client.list(bucket: bucket, prefix: key)
        if !key.isEmpty, !key.hasSuffix("/") {
            if let exact = objects.first(where: { $0.key == key }) {
                objects = [exact]
                base = String(key[..<(key.lastIndex(of: "/").map { key.index(after: $0) } ?? key.startIndex)])
            } else {
                base = key + "/"
                objects = objects.filter { $0.key.hasPrefix(base) }
            }
        }
        let data = objects.filter { o in
            let name = o.key.split(separator: "/").last.map(String.init) ?? ""
            return o.size > 0 && !o.key.hasSuffix("/") && !name.hasPrefix("_") && !name.hasPrefix(".")
        }
        guard !data.isEmpty else {
            throw AWSFailure(
                service: "S3", operation: "ListObjectsV2", type: "NoSuchKey",
                message: "no object at or under \(address)")
        }
        return data.compactMap { o in
            let directories = o.key.dropFirst(base.count).split(separator: "/").dropLast().map(String.init)
            let partition = directories.compactMap { d -> (key: String, value: String)? in
                guard let eq = d.firstIndex(of: "=") else { return nil }
                return (String(d[..<eq]), String(d[d.index(after: eq)...]).removingPercentEncoding ?? "")
            }
            if let span = S3PartitionTime.span(directories), !span.overlaps(window) { return nil }
            return (S3Object(client: client, bucket: bucket, key: o.key, size: o.size, etag: o.etag), partition)
        }
    }
}
