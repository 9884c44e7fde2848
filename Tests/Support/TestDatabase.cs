using Microsoft.Data.SqlClient;
using Npgsql;

namespace KanbanCustomer.Tests.Support;

/// <summary>A fresh, empty database for one test fixture, on a real engine.</summary>
public abstract class TestDatabase : IAsyncDisposable
{
    public abstract string Provider { get; }

    public string ConnectionString { get; protected set; } = "";

    /// <summary>Why this database cannot be had here; null when it can.</summary>
    public string? SkipReason { get; protected set; }

    public abstract Task CreateAsync();

    public abstract ValueTask DisposeAsync();

    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
}

public sealed class SqliteTestDatabase : TestDatabase
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "kanban-tests", $"{Guid.NewGuid():N}.db");

    public override string Provider => "Sqlite";

    public override Task CreateAsync()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        ConnectionString = $"Data Source={_path}";
        return Task.CompletedTask;
    }

    public override ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" })
        {
            if (File.Exists(file))
                File.Delete(file);
        }

        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// A database created on the PostgreSQL server named by <c>KANBAN_TEST_POSTGRES</c> (default: kanban/kanban on 127.0.0.1).
/// Missing server: the tests skip locally, and fail when <c>CI=true</c>.
/// </summary>
public sealed class PostgresTestDatabase : TestDatabase
{
    public const string ServerVariable = "KANBAN_TEST_POSTGRES";
    private const string DefaultServer = "Host=127.0.0.1;Port=5432;Username=kanban;Password=kanban";

    private readonly string _name = $"kanban_test_{Guid.NewGuid():N}";
    private string _server = "";

    public override string Provider => "Postgres";

    public override async Task CreateAsync()
    {
        _server = Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } configured ? configured : DefaultServer;
        var admin = new NpgsqlConnectionStringBuilder(_server) { Database = "postgres", Timeout = 5, Pooling = false };
        try
        {
            await using var connection = new NpgsqlConnection(admin.ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{_name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
        {
            var reason = $"PostgreSQL is not reachable at {admin.Host}:{admin.Port} ({ex.Message}); set {ServerVariable} or run .ci/run.";
            if (InCi)
                throw new InvalidOperationException("CI=true needs PostgreSQL: " + reason, ex);
            SkipReason = reason;
            return;
        }

        ConnectionString = new NpgsqlConnectionStringBuilder(_server) { Database = _name }.ConnectionString;
    }

    public override async ValueTask DisposeAsync()
    {
        if (SkipReason is not null || _server.Length == 0)
            return;
        NpgsqlConnection.ClearAllPools();
        var admin = new NpgsqlConnectionStringBuilder(_server) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(admin.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)", connection);
        // An autovacuum worker (a superuser's process, which our role may not end) can hold the database for a moment.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await command.ExecuteNonQueryAsync();
                return;
            }
            catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.InsufficientPrivilege or PostgresErrorCodes.ObjectInUse && attempt < 10)
            {
                await Task.Delay(500);
            }
            catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.InsufficientPrivilege or PostgresErrorCodes.ObjectInUse)
            {
                // A leftover throw-away database is untidy, not a failed test; the next CI machine starts clean.
                return;
            }
        }
    }
}

/// <summary>
/// A database created on the SQL Server that <c>KANBAN_TEST_SQLSERVER</c> names (a connection string to the server; its
/// database is ignored), dropped after. Without the variable the tests skip with that reason, also when <c>CI=true</c>:
/// no SQL Server can run on these machines (docs/sql-server.md). With it, a server that cannot be reached fails under
/// CI like PostgreSQL's, and skips locally.
/// </summary>
// DDL names its database, which a parameter cannot; the name is made here from a Guid.
#pragma warning disable DAP241
public sealed class SqlServerTestDatabase : TestDatabase
{
    public const string ServerVariable = "KANBAN_TEST_SQLSERVER";

    private readonly string _name = $"kanban_test_{Guid.NewGuid():N}";
    private string _server = "";

    public override string Provider => "SqlServer";

    public override async Task CreateAsync()
    {
        if (Environment.GetEnvironmentVariable(ServerVariable) is not { Length: > 0 } configured)
        {
            SkipReason = $"{ServerVariable} is not set: no SQL Server to run on (none can run on these machines); docs/sql-server.md says how to run these.";
            return;
        }

        var admin = new SqlConnectionStringBuilder(configured) { InitialCatalog = "master", ConnectTimeout = 5, Pooling = false };
        try
        {
            await using var connection = new SqlConnection(admin.ConnectionString);
            await connection.OpenAsync();
            // Readers see the last committed row instead of waiting for a writer's lock, as on PostgreSQL.
            await using var command = new SqlCommand($"CREATE DATABASE [{_name}]; ALTER DATABASE [{_name}] SET READ_COMMITTED_SNAPSHOT ON;", connection);
            await command.ExecuteNonQueryAsync();
        }
        catch (Exception ex) when (ex is SqlException or TimeoutException or System.Net.Sockets.SocketException)
        {
            var reason = $"SQL Server is not reachable at {admin.DataSource} ({ex.Message}); check {ServerVariable}.";
            if (InCi)
                throw new InvalidOperationException($"CI=true and {ServerVariable} is set, so SQL Server is required: " + reason, ex);
            SkipReason = reason;
            return;
        }

        _server = configured;
        ConnectionString = new SqlConnectionStringBuilder(configured) { InitialCatalog = _name }.ConnectionString;
    }

    public override async ValueTask DisposeAsync()
    {
        if (SkipReason is not null || _server.Length == 0)
            return;
        SqlConnection.ClearAllPools();
        var admin = new SqlConnectionStringBuilder(_server) { InitialCatalog = "master", Pooling = false };
        await using var connection = new SqlConnection(admin.ConnectionString);
        await connection.OpenAsync();
        await using var command = new SqlCommand(
            $"IF DB_ID(N'{_name}') IS NOT NULL BEGIN ALTER DATABASE [{_name}] SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE [{_name}]; END;", connection);
        await command.ExecuteNonQueryAsync();
    }
}
#pragma warning restore DAP241
