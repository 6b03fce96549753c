import Foundation
import Testing

@testable import Engine

/// Memory a fold frees stays resident in malloc's arenas until it is given back: the dashboard
/// gives it back now and then (``ProcessMemory``).
@Suite("Process memory")
struct ProcessMemoryTests {
    /// Resident bytes of this process, from /proc/self/statm.
    static func resident() throws -> Int {
        let fields = try String(contentsOfFile: "/proc/self/statm", encoding: .utf8).split(separator: " ")
        return Int(fields[1])! * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    @Test("256 MB freed in small pieces behind a live one stays resident until released, then is given back")
    func release() throws {
        // Small pieces come from an arena, not from mappings of their own; the one kept after them
        // stops glibc from trimming the arena's top by itself.
        let pieces = 4_096
        var held: [UnsafeMutableRawPointer] = []
        for _ in 0..<pieces {
            let p = malloc(64 << 10)!
            memset(p, 1, 64 << 10)
            held.append(p)
        }
        let keeper = malloc(64)!
        defer { free(keeper) }
        for p in held { free(p) }
        let freed = try Self.resident()
        ProcessMemory.releaseFree()
        let released = try Self.resident()
        // Half the pieces' size: other tests run meanwhile in this process, allocating too.
        #expect(freed - released > 128 << 20, "free alone kept it: \(freed >> 20) MB, released \(released >> 20)")
    }
}
