using SQLitePCL;

namespace KanbanCustomer.Infrastructure.Persistence;

/// <summary>
/// SQLite settings of the whole process, applied before its first connection. Memory statistics off: with them on,
/// every allocation SQLite makes takes one process-wide mutex, and requests reading on several connections at once
/// queued on it (a tenth of a busy SQLite server's CPU went to that lock). Nothing here reads the statistics.
/// </summary>
internal static class SqliteProcessSettings
{
    private static int _applied;

    public static void Apply()
    {
        if (Interlocked.Exchange(ref _applied, 1) == 1)
            return;
        Batteries_V2.Init();
        // SQLITE_MISUSE when SQLite is already initialized (a second host in one process): the setting then stays as it was.
        _ = raw.sqlite3_config(raw.SQLITE_CONFIG_MEMSTATUS, 0);
    }
}
