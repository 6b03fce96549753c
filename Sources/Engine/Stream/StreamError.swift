/// A shard log that cannot be used as asked. Each case names the stream, shard or offset.
public enum StreamError: Error, CustomStringConvertible, Equatable {
    case notAStream(String)
    case alreadyExists(String)
    case io(path: String, reason: String)
    case corrupt(shard: Int, segment: String, offset: Int64, reason: String)
    /// Another process is running a producer of this name on the stream.
    case producerBusy(name: String, directory: String)

    public var description: String {
        switch self {
        case .notAStream(let d): "'\(d)' is not a stream (no stream.json; create one with `ecomdash stream create`)"
        case .alreadyExists(let d): "'\(d)' already exists"
        case .io(let p, let r): "'\(p)': \(r)"
        case .corrupt(let s, let seg, let o, let r): "shard \(s) is corrupt in \(seg) at byte \(o): \(r)"
        case .producerBusy(let n, let d):
            "producer '\(n)' is already running on '\(d)' (another process holds its lock): "
                + "two runs of one named producer would send every row twice; wait for it, or choose another name"
        }
    }
}
