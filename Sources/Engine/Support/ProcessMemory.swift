import CSupport

/// Keeps a long-running process's resident memory close to what it holds.
///
/// glibc gives each thread that allocates its own malloc arena (up to eight a core) and keeps
/// freed memory in them. A dashboard following a stream folds on worker threads, each fold's
/// partial states and buffers allocated in whichever arena its thread had: after 84 M records read
/// at full speed, 0.55 GB of the 4.4 GB resident was free memory held by arenas (the "memory step"
/// of RELIABILITY.md), released by `malloc_trim` at once; two arenas instead of sixteen held 0.48 GB
/// less to begin with, at the same speed.
public enum ProcessMemory {
    /// Two arenas for the process: call first thing, before threads start.
    public static func limitArenas() { ecomdash_limit_arenas(2) }

    /// Returns the arenas' free memory to the system: after a load, after large folds now and then.
    public static func releaseFree() { ecomdash_release_free_memory() }
}
