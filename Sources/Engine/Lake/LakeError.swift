/// What goes wrong with a lake, naming the file.
enum LakeError: Error, CustomStringConvertible {
    case unreadable(String, String)
    case damaged(String, String)
    case notALake(String)

    var description: String {
        switch self {
        case .unreadable(let p, let why): "\(p): \(why)"
        case .damaged(let p, let why): "\(p): damaged: \(why)"
        case .notALake(let p):
            "\(p): not an ecomdash lake (no manifest.json); make one with `ecomdash ingest FILE --into \(p)`"
        }
    }
}
